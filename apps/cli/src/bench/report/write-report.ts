import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clientDescriptions } from '../bench-clients.js';
import { type ScenarioPlan, scalingServerDelayMs } from '../bench-plan.js';
import type { BenchEnvironment } from './describe-environment.js';
import { formatTables, renderMarkdownTable, type Table } from './format-tables.js';
import type { OnnxResults } from './read-onnx-results.js';
import type { QueueResults } from './read-queue-results.js';
import { renderChart } from './render-chart.js';
import type { BenchSummary, ScenarioRun } from './summarize-results.js';

/** Everything one run produced, as `writeReport` saves it. */
export interface BenchReport {
  startedAt: Date;
  durationMs: number;
  quick: boolean;
  seed: number;
  environment: BenchEnvironment;
  runs: ScenarioRun[];
  summary: BenchSummary;
  onnx: OnnxResults;
  onnxBatching: OnnxResults;
  queue: QueueResults;
}

/** Where the three files went. */
export interface WrittenReport {
  markdown: string;
  json: string;
  chart: string;
}

function describeRun(report: BenchReport): string {
  const { environment } = report;
  const minutes = (report.durationMs / 60_000).toFixed(1);
  return (
    `${environment.cpuModel}, ${environment.cores} cores, Node ${environment.node}, ${environment.platform}; ` +
    `${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; suite wall time ${minutes} min` +
    (report.quick ? ' (quick mode: short loops, one round; not for comparison)' : '')
  );
}

// The chart's one-line subtitle: short enough for its width.
function describeChartRun(report: BenchReport): string {
  const { environment } = report;
  const rounds = report.runs.find((run) => run.plan.scenario === 'calls')?.plan.rounds ?? 1;
  return [
    `${environment.cpuModel}, ${environment.cores} cores`,
    `Node ${environment.node}`,
    `${report.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    report.quick ? 'QUICK MODE, not for comparison' : `median of ${rounds} interleaved rounds`,
  ].join(' · ');
}

function roundsOf(plan: ScenarioPlan): string {
  return `${plan.rounds} round${plan.rounds === 1 ? '' : 's'}`;
}

function howMeasured(report: BenchReport): string[] {
  const plans = new Map(report.runs.map((run) => [run.plan.scenario, run.plan]));
  const parameter = (scenario: ScenarioPlan['scenario'], name: string): string => {
    const value = plans.get(scenario)?.parameters[name];
    return Array.isArray(value) ? value.join(', ') : String(value ?? 'n/a');
  };
  const load = report.environment.loadAverage;
  const lines = [
    '- Everything runs on loopback (127.0.0.1). The server is `tooling/mock-llm` in its own process, started',
    '  per scenario with its CLI and, where its speed matters, warmed up by one untimed raw-undici run. Each',
    '  client runs in a fresh process per measurement (`apps/cli/src/bench/client-worker.ts`) that loads only',
    '  its own library.',
    '- Clients take turns: in each round every client runs once, in an order shuffled per round',
    `  (seed ${report.seed}). Tables show the median over rounds; ratios are medians divided by medians.`,
    '- Every client sends the same prompt to the same model name at the same URL, retries off, and',
    "  reads every reply whole. Each call must return the mock's exact text and each stream exactly",
    '  200 content chunks, or the run stops: no number here was measured on errors.',
    '- Raw undici is one `Pool` with a socket per request in flight, `pool.request`, and the least a client',
    '  can do and still return text: split SSE lines, `JSON.parse` each `data:` payload once, read the delta.',
    '  It is the practical limit, not a product: no timeouts, no error classes, no retries.',
    "- Ours run with `createLLM`'s defaults but `maxRetries: 0`: no `maxConcurrency` and no `connections`,",
    '  so their pool may grow to 1024 sockets; it opens one only when none is idle or about to come back',
    "  (see `@core/http`), which keeps them to a socket per call in flight as raw undici's sized pool does.",
    '- Our Chat Completions streams can beat that limit: after the first delta is parsed, a delta that repeats',
    '  its envelope (id, model, created, ...) byte for byte around the text is read without `JSON.parse`',
    '  (`createRepeatedEnvelope` in `@core/http`); any other delta (tool calls, usage, the finish, a changed',
    "  field) is parsed in full; OpenAI's `obfuscation` padding is checked, not read. Raw undici parses every",
    '  event, as the peers do.',
    `- Throughput: ${parameter('calls', 'warmupMs')} ms of warm-up (JIT tiering, sockets; not counted), then`,
    `  ${parameter('calls', 'durationMs')} ms with a fixed number of operations in flight; completed operations`,
    '  over elapsed time. "Client CPU per op" is the client process\'s user + system CPU time over the same',
    '  span divided by operations: it does not depend on what else the machine runs, so it is the steadier',
    '  figure when wall-clock numbers move. Non-stream replies are `Echo: <prompt>`; the mock writes each',
    "  200-chunk stream in one go, so the client's own work, not the network, is what is measured.",
    "- Time to first chunk: per request, from the call to the first content chunk in the consumer's",
    `  \`for await\`, at ${parameter('first-chunk', 'concurrencies')} streams in flight (${parameter('first-chunk', 'durationMs')} ms each after`,
    '  warm-up); "added" is the client\'s p50/p99 minus raw undici\'s at the same concurrency. At 1 in flight',
    "  it is the client's own latency; at 8 it also holds the time the client spends on the other streams.",
    `- Scaling: batches of N simultaneous non-stream calls to a mock that waits ${scalingServerDelayMs} ms before`,
    `  answering; widest batches for ${parameter('scaling', 'warmupMs')} ms of warm-up, then per N one untimed and`,
    `  ${parameter('scaling', 'batches')} timed batches; median batch time over ${scalingServerDelayMs} ms.`,
    "  Raw undici's row is the floor this machine allows, with the mock on the same two cores.",
    '- Memory: one process per client opens 500 streams against a mock that sends a chunk every 200 ms',
    '  (so they stay open), waits until every stream delivered a chunk plus a second, runs GC',
    '  (`--expose-gc`) and compares RSS and heap with the same process after warm-up and GC.',
    "- Cold start: a fresh process times `import()` of the client's library (and its adapter), then its",
    '  first call, including what the library loads lazily on that call (ours loads the provider package',
    '  and undici there; the peers use the `fetch` built into Node).',
    '- The Anthropic and Ollama rows use the same mock and 200-chunk stream in their own wire formats',
    "  (SSE with `event:` lines; NDJSON), which carry more or fewer bytes per chunk than OpenAI's.",
    "- Tracing cost (issue 20): the same calls and streams loops through `createLLM('openai-compatible')`",
    '  three ways. "Off" (ours-compatible) registers no OpenTelemetry SDK, so each call only looks up the',
    "  API's global registry. `traced-noop` registers, before the LLM is created, a `BasicTracerProvider`",
    '  with the `AlwaysOffSampler` (`trace.setGlobalTracerProvider`): an SDK that samples every span out,',
    '  as production with sampling sees for most calls (no meter provider or propagator). `traced-memory`',
    '  registers a `BasicTracerProvider` with a `SimpleSpanProcessor` into an `InMemorySpanExporter`, a',
    '  `MeterProvider` whose `PeriodicExportingMetricReader` exports to an `InMemoryMetricExporter` every',
    '  second, and the W3C `traceparent` propagator: a real SDK recording every span and metric; the worker',
    "  empties the exporters every 500 ms. Ratios are each variant's median over tracing off's, from the",
    '  same interleaved rounds; a worker whose SDK never saw a span fails the run. No context manager is',
    '  registered in either, so the ratios hold our instrumentation, not `AsyncLocalStorage`.',
    `- Load average (1, 5, 15 min) at start ${load.start.map((value) => value.toFixed(2)).join(', ')}, at end`,
    `  ${load.end.map((value) => value.toFixed(2)).join(', ')}, on ${report.environment.cores} cores: above 1 means other work shared the machine,`,
    '  which moves wall-clock figures between rounds (see "per round").',
  ];
  for (const run of report.runs) {
    lines.push(`- ${run.plan.title}: ${roundsOf(run.plan)}, ${(run.wallMs / 1000).toFixed(0)} s.`);
  }
  return lines;
}

function renderMarkdown(report: BenchReport, tables: Table[]): string {
  const lines: string[] = [
    '# Benchmarks',
    '',
    '<!-- Generated by `pnpm bench` (apps/cli/src/bench/run-benchmarks.ts). Do not edit by hand: run it again. -->',
    '',
    `What users pick a client library for, measured side by side in one run: abstractcore's`,
    "`createLLM('openai-compatible')` and `createLLM('openai')` against raw undici (the practical limit)",
    'and the peer SDKs: the official `openai` client, the Vercel AI SDK and `@langchain/openai`.',
    'Machine-readable results, every round included: [benchmarks.json](benchmarks.json).',
    '',
    `Run: ${describeRun(report)}.`,
    '',
    '![calls/s and streams/s per client](benchmarks.svg)',
    '',
  ];
  const { goals } = report.summary;
  const missed = goals.filter((goal) => !goal.met).length;
  if (goals.length > 0) {
    lines.push(
      missed === 0
        ? `All ${goals.length} goals met.`
        : `${goals.length - missed} of ${goals.length} goals met; each miss is marked MISSED below with how far ` +
            'short it fell, as a share of the target.',
      '',
    );
  }
  for (const table of tables) lines.push(`## ${table.title}`, '', renderMarkdownTable(table), '');
  lines.push('## @local/onnx', '');
  for (const onnx of [report.onnx, report.onnxBatching]) {
    if (onnx.status === 'included' && onnx.table !== undefined) {
      lines.push(
        `### ${onnx.table.title}`,
        '',
        `From \`${onnx.path}\`, written ${onnx.age ?? 'at an unknown time'} (${onnx.date ?? 'no date'}).`,
        '',
        renderMarkdownTable(onnx.table),
        '',
      );
    } else {
      lines.push(`Not run: ${onnx.reason ?? onnx.status} (\`${onnx.path}\`). Run \`pnpm bench\`.`, '');
    }
  }
  lines.push('## @core/queue', '');
  const { queue } = report;
  if (queue.status === 'included' && queue.table !== undefined) {
    lines.push(
      `### ${queue.table.title}`,
      '',
      `From \`${queue.path}\`, written ${queue.age ?? 'at an unknown time'} (${queue.date ?? 'no date'}).`,
      'Each setup is timed from the first request to the last result; the two workers run with the same',
      'concurrency each, so they are compared with `gather` at twice the requests in flight. Overhead per',
      'request is (queue time - gather time) / requests. How: packages/queue/bench/queue-bench.mjs.',
      '',
      renderMarkdownTable(queue.table),
      '',
    );
  } else {
    lines.push(`Not run: ${queue.reason ?? queue.status} (\`${queue.path}\`). Run \`pnpm bench\`.`, '');
  }
  lines.push('## How it was measured', '', ...howMeasured(report), '');
  lines.push('## Versions', '', '| package | version |', '| --- | ---: |');
  for (const [name, version] of Object.entries(report.environment.packages))
    lines.push(`| ${name} | ${version} |`);
  lines.push(
    '',
    '## Run it',
    '',
    '```sh',
    "pnpm bench                                   # every package's bench (turbo), this suite included",
    'pnpm --filter @core/cli bench                # this suite alone, after pnpm build',
    'node apps/cli/dist/bench/run-benchmarks.js --quick   # short loops, one round, into the temp dir',
    '```',
    '',
  );
  return lines.join('\n');
}

function jsonOf(report: BenchReport): unknown {
  return {
    schema: 'abstractcore-benchmarks/1',
    date: report.startedAt.toISOString(),
    durationMs: report.durationMs,
    quick: report.quick,
    seed: report.seed,
    environment: report.environment,
    clients: clientDescriptions,
    scenarios: report.runs.map((run) => ({
      scenario: run.plan.scenario,
      title: run.plan.title,
      mock: run.plan.mock,
      parameters: run.plan.parameters,
      rounds: run.plan.rounds,
      orders: run.orders,
      perRound: run.results,
      wallMs: run.wallMs,
    })),
    summary: report.summary,
    goals: report.summary.goals,
    onnx: report.onnx,
    onnxBatching: report.onnxBatching,
    queue: report.queue,
  };
}

/** Writes benchmarks.md, benchmarks.json and benchmarks.svg into `directory` (created if needed). */
export async function writeReport(directory: string, report: BenchReport): Promise<WrittenReport> {
  await mkdir(directory, { recursive: true });
  const tables = formatTables(report.summary);
  const written = {
    markdown: join(directory, 'benchmarks.md'),
    json: join(directory, 'benchmarks.json'),
    chart: join(directory, 'benchmarks.svg'),
  };
  await writeFile(written.markdown, renderMarkdown(report, tables));
  await writeFile(written.json, `${JSON.stringify(jsonOf(report), null, 2)}\n`);
  await writeFile(written.chart, renderChart(report.summary, describeChartRun(report)));
  return written;
}
