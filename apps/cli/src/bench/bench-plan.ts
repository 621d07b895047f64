import type { ClientName, ScenarioName } from './bench-types.js';
import type { MockSettings } from './processes/start-mock-server.js';

/** One scenario as the orchestrator runs it: its mock, its clients, rounds, and what each worker gets. */
export interface ScenarioPlan {
  scenario: ScenarioName;
  title: string;
  mock: MockSettings;
  clients: ClientName[];
  rounds: number;
  parameters: Record<string, number | number[]>;
  nodeFlags: string[];
  /** A worker still running after this long is killed and the run fails, ms. */
  timeoutMs: number;
  /**
   * Parameters for one untimed raw-undici run before round 1, so a freshly started mock is warm (JIT, sockets)
   * for whichever client the shuffle puts first; omitted where server speed does not matter.
   */
  serverWarmup?: { scenario: ScenarioName; parameters: Record<string, number | number[]> };
}

/** The chunks in every benchmark stream (the "200-chunk streams"). */
export const streamChunks = 200;

/** What the scaling scenario's server waits before answering, ms. */
export const scalingServerDelayMs = 100;

/** The clients every OpenAI-wire scenario compares. */
export const openAiWireClients: ClientName[] = [
  'ours-compatible',
  'ours-openai',
  'undici',
  'openai',
  'ai-sdk',
  'langchain',
];

/**
 * The tracing-cost clients (issue 20): ours with no SDK ("off"), with an SDK that samples every span out,
 * and with one exporting spans and metrics to memory.
 */
export const tracingClients: ClientName[] = ['ours-compatible', 'traced-noop', 'traced-memory'];

/** Names `--only` accepts besides the scenarios', each standing for the scenarios it lists. */
export const scenarioGroups: Record<string, ScenarioName[]> = {
  tracing: ['tracing-calls', 'tracing-streams'],
};

/**
 * The whole suite. `quick` shortens every loop and runs one round, for trying changes; the report it writes
 * says so. Warm-ups are long because JIT tiering takes about two seconds of load to settle (shorter ones
 * measured our client, with more layers to optimise, well below its steady state). Budget at full size on
 * 2 cores: about nine minutes, the tracing-cost scenarios included.
 */
export function createBenchPlan(quick: boolean): ScenarioPlan[] {
  const rounds = quick ? 1 : 3;
  // Throughput takes five: on this shared 2-core machine a client's wall-clock rate moves by up to 2x
  // between rounds (raw undici measured 2,408 then 1,263 streams/s), and a median of three still lands
  // on a slow round as often as not.
  const throughputRounds = quick ? 1 : 5;
  const warmupMs = quick ? 300 : 1500;
  const durationMs = quick ? 700 : 2000;
  const serverWarmupMs = quick ? 300 : 1500;
  // The throughput loops, shared by the client comparison and the tracing-cost table.
  const callsParameters = { inFlight: 64, warmupMs, durationMs, connections: 64 };
  const callsServerWarmup = {
    scenario: 'calls' as const,
    parameters: { ...callsParameters, warmupMs: 0, durationMs: serverWarmupMs },
  };
  const streamsParameters = {
    inFlight: 32,
    warmupMs,
    durationMs,
    expectedChunks: streamChunks,
    connections: 32,
  };
  const streamsServerWarmup = {
    scenario: 'streams' as const,
    parameters: { ...streamsParameters, warmupMs: 0, durationMs: serverWarmupMs },
  };
  return [
    {
      scenario: 'calls',
      title: 'Non-stream calls/s, 64 in flight',
      mock: {},
      clients: openAiWireClients,
      rounds: throughputRounds,
      parameters: callsParameters,
      nodeFlags: [],
      timeoutMs: 60_000,
      serverWarmup: callsServerWarmup,
    },
    {
      scenario: 'streams',
      title: `${streamChunks}-chunk streams/s, 32 in flight`,
      mock: { chunks: streamChunks },
      clients: [...openAiWireClients, 'ours-anthropic', 'ours-ollama', 'layer-http', 'layer-adapter'],
      rounds: throughputRounds,
      parameters: streamsParameters,
      nodeFlags: [],
      timeoutMs: 60_000,
      serverWarmup: streamsServerWarmup,
    },
    {
      scenario: 'first-chunk',
      title: 'Time to first chunk, 1 and 8 streams in flight',
      mock: { chunks: streamChunks, betweenChunksMs: 0 },
      clients: openAiWireClients,
      rounds,
      parameters: {
        concurrencies: [1, 8],
        warmupMs,
        durationMs: quick ? 500 : 1000,
        expectedChunks: streamChunks,
        connections: 8,
      },
      nodeFlags: [],
      timeoutMs: 60_000,
      serverWarmup: {
        scenario: 'first-chunk',
        parameters: {
          concurrencies: [8],
          warmupMs: 0,
          durationMs: serverWarmupMs,
          expectedChunks: streamChunks,
          connections: 8,
        },
      },
    },
    {
      scenario: 'scaling',
      title: `Concurrency scaling against a ${scalingServerDelayMs} ms server`,
      mock: { latencyMs: scalingServerDelayMs },
      clients: openAiWireClients,
      rounds: quick ? 1 : 2,
      parameters: {
        levels: [1, 16, 64, 256],
        batches: quick ? 1 : 3,
        warmupMs: quick ? 300 : 1000,
        connections: 256,
      },
      nodeFlags: [],
      timeoutMs: 60_000,
      serverWarmup: {
        scenario: 'scaling',
        parameters: { levels: [256], batches: 1, warmupMs: serverWarmupMs, connections: 256 },
      },
    },
    {
      scenario: 'memory',
      title: 'Memory per open stream, 500 streams open',
      // 200 chunks 200 ms apart: each stream stays open for 40 s, far longer than the measurement.
      mock: { chunks: streamChunks, betweenChunksMs: 200 },
      clients: openAiWireClients,
      rounds: quick ? 1 : 2,
      parameters: { streams: 500, settleMs: quick ? 300 : 1000, connections: 512 },
      nodeFlags: ['--expose-gc'],
      timeoutMs: 90_000,
    },
    {
      scenario: 'cold-start',
      title: 'Cold start: import + first call',
      mock: {},
      clients: openAiWireClients,
      rounds: quick ? 1 : 5,
      parameters: { connections: 1 },
      nodeFlags: [],
      timeoutMs: 60_000,
      serverWarmup: {
        scenario: 'calls',
        parameters: { inFlight: 8, warmupMs: 0, durationMs: quick ? 200 : 500, connections: 8 },
      },
    },
    {
      scenario: 'tracing-calls',
      title: 'Tracing cost: non-stream calls/s, 64 in flight',
      mock: {},
      clients: tracingClients,
      rounds: throughputRounds,
      parameters: callsParameters,
      nodeFlags: [],
      timeoutMs: 60_000,
      serverWarmup: callsServerWarmup,
    },
    {
      scenario: 'tracing-streams',
      title: `Tracing cost: ${streamChunks}-chunk streams/s, 32 in flight`,
      mock: { chunks: streamChunks },
      clients: tracingClients,
      rounds: throughputRounds,
      parameters: streamsParameters,
      nodeFlags: [],
      timeoutMs: 60_000,
      serverWarmup: streamsServerWarmup,
    },
  ];
}
