/**
 * Every client the suite measures: ours through `createLLM`, raw undici as the practical limit, the peers,
 * the layers of ours, and ours with an OpenTelemetry SDK registered (`traced-*`, issue 20).
 */
export const clientNames = [
  'ours-compatible',
  'ours-openai',
  'ours-anthropic',
  'ours-ollama',
  'undici',
  'openai',
  'ai-sdk',
  'langchain',
  'layer-http',
  'layer-adapter',
  'traced-noop',
  'traced-memory',
] as const;

/** A client's name on the command line, in the JSON and in the tables. */
export type ClientName = (typeof clientNames)[number];

/**
 * Whose code a client is: ours, the raw-undici baseline, a peer SDK users could pick instead, or one layer
 * of ours measured alone (for the profile by layer; not in the comparisons).
 */
export type ClientKind = 'ours' | 'baseline' | 'peer' | 'layer';

/** Narrows a string to a client name; the worker reads names from its command line. */
export function isClientName(value: string): value is ClientName {
  return (clientNames as readonly string[]).includes(value);
}

/** Per-stream controls: a signal that ends the stream early, and a hook at the first content chunk. */
export interface StreamHooks {
  signal?: AbortSignal;
  /** Called once, when the first non-empty content chunk reaches the consumer's loop. */
  onFirstChunk?: () => void;
}

/**
 * One client as the scenarios drive it: the same prompt, model and mock URL for all of them. Every method
 * consumes the whole reply the way a user of that library would, and throws whatever the library throws.
 */
export interface BenchClient {
  /** One non-stream call; resolves to the reply's text. */
  call(prompt: string): Promise<string>;
  /** One stream read to its end; resolves to the number of non-empty content chunks it delivered. */
  stream(prompt: string, hooks?: StreamHooks): Promise<number>;
  /** Closes pools and sockets so the worker exits promptly. */
  close(): Promise<void>;
}

/** Where a client sends its requests; `maxConnections` sizes raw undici's pool (at least the in-flight count). */
export interface BenchClientSettings {
  url: string;
  model: string;
  apiKey: string;
  maxConnections: number;
}

/**
 * The scenarios a worker process can run. `tracing-calls` and `tracing-streams` are `calls` and `streams`
 * for the tracing-cost table (issue 20): the same loop, their own clients, plan and table.
 */
export const scenarioNames = [
  'calls',
  'streams',
  'first-chunk',
  'scaling',
  'memory',
  'cold-start',
  'tracing-calls',
  'tracing-streams',
] as const;

/** A scenario's name on the worker's command line. */
export type ScenarioName = (typeof scenarioNames)[number];

/** Narrows a string to a scenario name. */
export function isScenarioName(value: string): value is ScenarioName {
  return (scenarioNames as readonly string[]).includes(value);
}

/** What the orchestrator asks one worker process to do. */
export interface WorkerJob {
  client: ClientName;
  scenario: ScenarioName;
  url: string;
  /** Numbers the scenario reads (durations in ms, counts); each scenario documents its own. */
  parameters: Record<string, number | number[]>;
}

/** A fixed-duration loop's outcome: calls/s or streams/s. */
export interface ThroughputResult {
  operations: number;
  elapsedMs: number;
  perSecond: number;
  /** The client process's CPU time (user + system) per operation, µs: steadier than wall time on a busy machine. */
  cpuMicrosPerOperation: number;
}

/** Time to first content chunk, measured per request, at each number of streams in flight. */
export interface FirstChunkResult {
  byConcurrency: Array<{ inFlight: number; samples: number; p50Ms: number; p99Ms: number }>;
}

/** Batches of N concurrent calls against a server that waits before answering. */
export interface ScalingResult {
  levels: Array<{ concurrency: number; batchMs: number[]; medianMs: number }>;
}

/** Process memory before and while `streams` streams are open. */
export interface MemoryResult {
  streams: number;
  rssBeforeBytes: number;
  rssOpenBytes: number;
  heapBeforeBytes: number;
  heapOpenBytes: number;
  rssPerStreamBytes: number;
  heapPerStreamBytes: number;
}

/** Import of the client library plus its first call, in a fresh process. */
export interface ColdStartResult {
  importMs: number;
  firstCallMs: number;
  totalMs: number;
}

/** Any scenario's result, as one worker prints it. */
export type ScenarioResult =
  | ThroughputResult
  | FirstChunkResult
  | ScalingResult
  | MemoryResult
  | ColdStartResult;

/** The one JSON line a worker prints on stdout. */
export interface WorkerOutput {
  client: ClientName;
  scenario: ScenarioName;
  result: ScenarioResult;
}

/** The one prompt every client sends. */
export const benchPrompt = 'Say hello in five words.';

/** The model name every client asks for (the mock answers any; this one keeps every SDK on Chat Completions). */
export const benchModel = 'gpt-4o-mini';

/** A placeholder key: the mock checks none, and the SDKs refuse to start without one. */
export const benchApiKey = 'sk-bench-placeholder';

/** The mock's default non-stream reply to `benchPrompt`, which every call must return verbatim. */
export const expectedCallReply = `Echo: ${benchPrompt}`;
