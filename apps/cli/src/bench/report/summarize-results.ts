import { clientDescriptions } from '../bench-clients.js';
import type { ScenarioPlan } from '../bench-plan.js';
import { scalingServerDelayMs } from '../bench-plan.js';
import type {
  ClientName,
  ColdStartResult,
  FirstChunkResult,
  MemoryResult,
  ScalingResult,
  ScenarioResult,
  ThroughputResult,
} from '../bench-types.js';
import { median, ratio } from '../statistics.js';

/**
 * The goals (issue 15): calls/s and streams/s at least 0.8x raw undici's and well ahead of the fastest peer;
 * 256 concurrent calls within 1.25x of the server's delay; a cold start within 1.1x of raw undici's; and the
 * Anthropic and Ollama wires no slower relative to raw undici than before the batched stream path
 * (0.39x and 0.63x in the run of 2026-11-25). Issue 20: calls/s with an OpenTelemetry SDK registered that
 * samples every span out at least 0.95x those with none (the memory exporter's ratio is reported, not judged).
 */
export const goalTargets = {
  vsUndici: 0.8,
  callsVsFastestPeer: 3,
  streamsVsFastestPeer: 4,
  scalingOverDelay: 1.25,
  coldStartVsUndici: 1.1,
  wireVsUndici: { 'ours-anthropic': 0.39, 'ours-ollama': 0.63 } as Partial<Record<ClientName, number>>,
  sampledOutVsTracingOff: 0.95,
} as const;

/** One scenario as it ran: the plan, each round's client order, and each client's per-round results. */
export interface ScenarioRun {
  plan: ScenarioPlan;
  orders: ClientName[][];
  results: Partial<Record<ClientName, ScenarioResult[]>>;
  wallMs: number;
}

/** A client's calls/s or streams/s: every round, the median, and the ratios the goals read. */
export interface ThroughputRow {
  client: ClientName;
  perRound: number[];
  median: number;
  vsUndici: number;
  vsFastestPeer: number;
  vsOursCompatible: number;
  /** Median over rounds of the client process's CPU time per operation, µs. */
  cpuMicrosPerOperation: number;
  /** That CPU time over raw undici's: how many times the work undici does per operation. */
  cpuVsUndici: number;
}

/** A throughput scenario's rows and which peer was fastest. */
export interface ThroughputSummary {
  fastestPeer: ClientName | undefined;
  rows: ThroughputRow[];
}

/** Time to first chunk at one concurrency: medians over rounds of each round's p50 and p99, and what the
 * client adds to raw undici's. */
export interface FirstChunkRow {
  client: ClientName;
  inFlight: number;
  p50Ms: number;
  p99Ms: number;
  addedP50Ms: number;
  addedP99Ms: number;
  samples: number;
}

/** One client at one concurrency: the median batch time over rounds, and that time over the server's delay. */
export interface ScalingRow {
  client: ClientName;
  concurrency: number;
  medianMs: number;
  overServerDelay: number;
  perRoundMs: number[];
}

/** RSS and heap growth per open stream, medians over rounds. */
export interface MemoryRow {
  client: ClientName;
  rssPerStreamBytes: number;
  heapPerStreamBytes: number;
  perRoundRssBytes: number[];
}

/** Import plus first call in a fresh process, medians over runs. */
export interface ColdStartRow {
  client: ClientName;
  importMs: number;
  firstCallMs: number;
  totalMs: number;
  vsOursCompatible: number;
}

/** One stated goal and how the run did against it. */
export interface GoalResult {
  id: string;
  description: string;
  target: number;
  /** `at-least`: measured must reach the target; `at-most`: it must not exceed it. */
  direction: 'at-least' | 'at-most';
  measured: number;
  met: boolean;
  /** How far past the target (positive) or short of it (negative), as a fraction of the target. */
  margin: number;
  /** What else helps read the outcome, e.g. raw undici's own figure for the same measure. */
  context?: string | undefined;
}

/**
 * Tracing cost (issue 20): ours-compatible ("off") and the `traced-*` clients in the calls and streams loops;
 * each row's `vsOursCompatible` is its ratio to tracing off.
 */
export interface TracingSummary {
  calls?: ThroughputSummary;
  streams?: ThroughputSummary;
}

/** Everything the tables, the chart and the JSON report show. */
export interface BenchSummary {
  calls?: ThroughputSummary;
  streams?: ThroughputSummary;
  tracing?: TracingSummary;
  firstChunk?: FirstChunkRow[];
  scaling?: ScalingRow[];
  memory?: MemoryRow[];
  coldStart?: ColdStartRow[];
  goals: GoalResult[];
}

function resultsOf<R extends ScenarioResult>(
  run: ScenarioRun,
  client: ClientName,
  isResult: (result: ScenarioResult) => result is R,
): R[] {
  const results = run.results[client] ?? [];
  return results.filter(isResult);
}

const isThroughput = (result: ScenarioResult): result is ThroughputResult => 'perSecond' in result;
const isFirstChunk = (result: ScenarioResult): result is FirstChunkResult => 'byConcurrency' in result;
const isScaling = (result: ScenarioResult): result is ScalingResult => 'levels' in result;
const isMemory = (result: ScenarioResult): result is MemoryResult => 'rssPerStreamBytes' in result;
const isColdStart = (result: ScenarioResult): result is ColdStartResult => 'firstCallMs' in result;

function summarizeThroughput(run: ScenarioRun): ThroughputSummary {
  const perRound = new Map<ClientName, ThroughputResult[]>();
  for (const client of run.plan.clients) perRound.set(client, resultsOf(run, client, isThroughput));
  const medianOf = (client: ClientName): number =>
    median((perRound.get(client) ?? []).map((result) => result.perSecond));
  const cpuOf = (client: ClientName): number =>
    median((perRound.get(client) ?? []).map((result) => result.cpuMicrosPerOperation));
  let fastestPeer: ClientName | undefined;
  for (const client of run.plan.clients) {
    if (clientDescriptions[client].kind !== 'peer') continue;
    if (fastestPeer === undefined || medianOf(client) > medianOf(fastestPeer)) fastestPeer = client;
  }
  const undici = medianOf('undici');
  const peer = fastestPeer === undefined ? Number.NaN : medianOf(fastestPeer);
  const oursCompatible = medianOf('ours-compatible');
  return {
    fastestPeer,
    rows: run.plan.clients.map((client) => ({
      client,
      perRound: (perRound.get(client) ?? []).map((result) => result.perSecond),
      median: medianOf(client),
      vsUndici: ratio(medianOf(client), undici),
      vsFastestPeer: ratio(medianOf(client), peer),
      vsOursCompatible: ratio(medianOf(client), oursCompatible),
      cpuMicrosPerOperation: cpuOf(client),
      cpuVsUndici: ratio(cpuOf(client), cpuOf('undici')),
    })),
  };
}

function summarizeFirstChunk(run: ScenarioRun): FirstChunkRow[] {
  const rows: FirstChunkRow[] = [];
  for (const client of run.plan.clients) {
    const results = resultsOf(run, client, isFirstChunk);
    const concurrencies = results[0]?.byConcurrency.map((level) => level.inFlight) ?? [];
    for (const inFlight of concurrencies) {
      const levels = results.flatMap((result) =>
        result.byConcurrency.filter((level) => level.inFlight === inFlight),
      );
      rows.push({
        client,
        inFlight,
        p50Ms: median(levels.map((level) => level.p50Ms)),
        p99Ms: median(levels.map((level) => level.p99Ms)),
        addedP50Ms: Number.NaN,
        addedP99Ms: Number.NaN,
        samples: levels.reduce((total, level) => total + level.samples, 0),
      });
    }
  }
  for (const row of rows) {
    const undici = rows.find(
      (candidate) => candidate.client === 'undici' && candidate.inFlight === row.inFlight,
    );
    row.addedP50Ms = row.p50Ms - (undici?.p50Ms ?? Number.NaN);
    row.addedP99Ms = row.p99Ms - (undici?.p99Ms ?? Number.NaN);
  }
  return rows;
}

function summarizeScaling(run: ScenarioRun): ScalingRow[] {
  const rows: ScalingRow[] = [];
  for (const client of run.plan.clients) {
    const results = resultsOf(run, client, isScaling);
    const concurrencies = results[0]?.levels.map((level) => level.concurrency) ?? [];
    for (const concurrency of concurrencies) {
      const perRoundMs = results.map(
        (result) => result.levels.find((level) => level.concurrency === concurrency)?.medianMs ?? Number.NaN,
      );
      const medianMs = median(perRoundMs);
      rows.push({
        client,
        concurrency,
        medianMs,
        overServerDelay: medianMs / scalingServerDelayMs,
        perRoundMs,
      });
    }
  }
  return rows;
}

function summarizeMemory(run: ScenarioRun): MemoryRow[] {
  return run.plan.clients.map((client) => {
    const results = resultsOf(run, client, isMemory);
    const perRoundRssBytes = results.map((result) => result.rssPerStreamBytes);
    return {
      client,
      rssPerStreamBytes: median(perRoundRssBytes),
      heapPerStreamBytes: median(results.map((result) => result.heapPerStreamBytes)),
      perRoundRssBytes,
    };
  });
}

function summarizeColdStart(run: ScenarioRun): ColdStartRow[] {
  const rows = run.plan.clients.map((client) => {
    const results = resultsOf(run, client, isColdStart);
    return {
      client,
      importMs: median(results.map((result) => result.importMs)),
      firstCallMs: median(results.map((result) => result.firstCallMs)),
      totalMs: median(results.map((result) => result.totalMs)),
      vsOursCompatible: Number.NaN,
    };
  });
  const ours = rows.find((row) => row.client === 'ours-compatible');
  for (const row of rows) row.vsOursCompatible = ratio(row.totalMs, ours?.totalMs ?? Number.NaN);
  return rows;
}

function goal(input: Omit<GoalResult, 'met' | 'margin'>): GoalResult {
  const { direction, target, measured } = input;
  const met = direction === 'at-least' ? measured >= target : measured <= target;
  const margin = direction === 'at-least' ? measured / target - 1 : 1 - measured / target;
  return { ...input, met: Number.isFinite(measured) && met, margin };
}

const oursOnOpenAiWire: ClientName[] = ['ours-compatible', 'ours-openai'];

function throughputGoals(
  summary: ThroughputSummary,
  kind: 'calls' | 'streams',
  peerTarget: number,
): GoalResult[] {
  const goals: GoalResult[] = [];
  for (const client of oursOnOpenAiWire) {
    const row = summary.rows.find((candidate) => candidate.client === client);
    if (row === undefined) continue;
    const label = clientDescriptions[client].label;
    goals.push(
      goal({
        id: `${kind}.${client}.vs-undici`,
        description: `${kind}/s through ${label} vs raw undici`,
        direction: 'at-least',
        target: goalTargets.vsUndici,
        measured: row.vsUndici,
        context: `client CPU per op ${row.cpuVsUndici.toFixed(2)}x raw undici's`,
      }),
      goal({
        id: `${kind}.${client}.vs-fastest-peer`,
        description: `${kind}/s through ${label} vs the fastest peer (${summary.fastestPeer ?? 'none'})`,
        direction: 'at-least',
        target: peerTarget,
        measured: row.vsFastestPeer,
      }),
    );
  }
  return goals;
}

function scalingGoals(rows: ScalingRow[]): GoalResult[] {
  const widest = Math.max(...rows.map((row) => row.concurrency));
  const at = (client: ClientName) =>
    rows.find((candidate) => candidate.client === client && candidate.concurrency === widest);
  const undici = at('undici');
  const goals: GoalResult[] = [];
  for (const client of oursOnOpenAiWire) {
    const row = at(client);
    if (row === undefined) continue;
    goals.push(
      goal({
        id: `scaling.${client}.${widest}`,
        description: `${widest} concurrent calls through ${clientDescriptions[client].label}, batch time over the server's ${scalingServerDelayMs} ms`,
        direction: 'at-most',
        target: goalTargets.scalingOverDelay,
        measured: row.overServerDelay,
        context: undici === undefined ? undefined : `raw undici: ${undici.overServerDelay.toFixed(2)}x`,
      }),
    );
  }
  return goals;
}

function wireGoals(summary: ThroughputSummary): GoalResult[] {
  const goals: GoalResult[] = [];
  for (const [client, target] of Object.entries(goalTargets.wireVsUndici) as Array<[ClientName, number]>) {
    const row = summary.rows.find((candidate) => candidate.client === client);
    if (row === undefined) continue;
    goals.push(
      goal({
        id: `streams.${client}.vs-undici`,
        description: `streams/s through ${clientDescriptions[client].label} vs raw undici (OpenAI wire), no worse than before`,
        direction: 'at-least',
        target,
        measured: row.vsUndici,
        context: `client CPU per stream ${row.cpuVsUndici.toFixed(2)}x raw undici's`,
      }),
    );
  }
  return goals;
}

function coldStartGoals(rows: ColdStartRow[]): GoalResult[] {
  const undici = rows.find((row) => row.client === 'undici');
  if (undici === undefined) return [];
  const goals: GoalResult[] = [];
  for (const client of oursOnOpenAiWire) {
    const row = rows.find((candidate) => candidate.client === client);
    if (row === undefined) continue;
    goals.push(
      goal({
        id: `cold-start.${client}.vs-undici`,
        description: `cold start (import + first call) through ${clientDescriptions[client].label} vs raw undici's`,
        direction: 'at-most',
        target: goalTargets.coldStartVsUndici,
        measured: ratio(row.totalMs, undici.totalMs),
        context: `${row.totalMs.toFixed(0)} ms against ${undici.totalMs.toFixed(0)} ms`,
      }),
    );
  }
  return goals;
}

// Once both tracing scenarios are summarized (or the one that ran): the goal reads the calls loop; the other
// ratios go into its context as information.
function tracingGoals(tracing: TracingSummary): GoalResult[] {
  const rowOf = (summary: ThroughputSummary | undefined, client: ClientName): ThroughputRow | undefined =>
    summary?.rows.find((row) => row.client === client);
  const vsOff = (summary: ThroughputSummary | undefined, client: ClientName): number | undefined =>
    rowOf(summary, client)?.vsOursCompatible;
  const measured = vsOff(tracing.calls, 'traced-noop');
  if (measured === undefined) return [];
  // CPU per call moves less than calls/s when other work shares the machine.
  const cpuVsOff = ratio(
    rowOf(tracing.calls, 'traced-noop')?.cpuMicrosPerOperation ?? Number.NaN,
    rowOf(tracing.calls, 'ours-compatible')?.cpuMicrosPerOperation ?? Number.NaN,
  );
  const notes = [`client CPU per call ${cpuVsOff.toFixed(2)}x tracing off's`];
  const sampledOutStreams = vsOff(tracing.streams, 'traced-noop');
  if (sampledOutStreams !== undefined) notes.push(`sampled out: ${sampledOutStreams.toFixed(2)}x streams/s`);
  const memory: string[] = [];
  const memoryCalls = vsOff(tracing.calls, 'traced-memory');
  const memoryStreams = vsOff(tracing.streams, 'traced-memory');
  if (memoryCalls !== undefined) memory.push(`${memoryCalls.toFixed(2)}x calls/s`);
  if (memoryStreams !== undefined) memory.push(`${memoryStreams.toFixed(2)}x streams/s`);
  if (memory.length > 0) notes.push(`exporting to memory (information): ${memory.join(', ')}`);
  return [
    goal({
      id: 'tracing.calls.traced-noop.vs-off',
      description: 'calls/s with an OpenTelemetry SDK registered that samples every span out vs tracing off',
      direction: 'at-least',
      target: goalTargets.sampledOutVsTracingOff,
      measured,
      context: notes.join('; '),
    }),
  ];
}

/** Medians over rounds, ratios against raw undici and the fastest peer, and every goal met or missed. */
export function summarizeResults(runs: ScenarioRun[]): BenchSummary {
  const summary: BenchSummary = { goals: [] };
  for (const run of runs) {
    switch (run.plan.scenario) {
      case 'calls':
        summary.calls = summarizeThroughput(run);
        summary.goals.push(...throughputGoals(summary.calls, 'calls', goalTargets.callsVsFastestPeer));
        break;
      case 'streams':
        summary.streams = summarizeThroughput(run);
        summary.goals.push(...throughputGoals(summary.streams, 'streams', goalTargets.streamsVsFastestPeer));
        summary.goals.push(...wireGoals(summary.streams));
        break;
      case 'first-chunk':
        summary.firstChunk = summarizeFirstChunk(run);
        break;
      case 'scaling':
        summary.scaling = summarizeScaling(run);
        summary.goals.push(...scalingGoals(summary.scaling));
        break;
      case 'memory':
        summary.memory = summarizeMemory(run);
        break;
      case 'cold-start':
        summary.coldStart = summarizeColdStart(run);
        summary.goals.push(...coldStartGoals(summary.coldStart));
        break;
      case 'tracing-calls':
        summary.tracing = { ...summary.tracing, calls: summarizeThroughput(run) };
        break;
      case 'tracing-streams':
        summary.tracing = { ...summary.tracing, streams: summarizeThroughput(run) };
        break;
    }
  }
  if (summary.tracing !== undefined) summary.goals.push(...tracingGoals(summary.tracing));
  return summary;
}
