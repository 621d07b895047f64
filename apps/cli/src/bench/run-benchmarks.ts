import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '../find-workspace-root.js';
import { parseInteger } from '../parse-integer-flag.js';
import { clientDescriptions } from './bench-clients.js';
import { createBenchPlan, type ScenarioPlan, scenarioGroups } from './bench-plan.js';
import { type ScenarioResult, scenarioNames } from './bench-types.js';
import { runClientWorker } from './processes/run-client-worker.js';
import { startMockServer } from './processes/start-mock-server.js';
import { describeEnvironment } from './report/describe-environment.js';
import { formatNumber, formatTables, renderTextTable, tracingTableTitle } from './report/format-tables.js';
import { readOnnxBatchingResults, readOnnxResults } from './report/read-onnx-results.js';
import { readQueueResults } from './report/read-queue-results.js';
import { type ScenarioRun, summarizeResults } from './report/summarize-results.js';
import { writeReport } from './report/write-report.js';
import { createRandom, shuffled } from './shuffle-clients.js';

// The client-level benchmark suite: `pnpm bench` runs this (built) file through apps/cli's `bench` script.
//   node dist/bench/run-benchmarks.js [--quick] [--only calls,streams] [--out DIR] [--seed N]
// (--quick: short loops and one round, written to the temp dir unless --out names a folder; --only takes
// scenario names and `tracing`, which stands for tracing-calls and tracing-streams.)
// It starts tooling/mock-llm per scenario, runs every client in its own process, round after round in a
// shuffled order, prints each scenario's tables as it completes, and writes docs/benchmarks.{md,json,svg}.

interface RunnerOptions {
  quick: boolean;
  only: Set<string> | undefined;
  outDirectory: string | undefined;
  seed: number;
}

function parseOptions(argv: string[]): RunnerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  let only: Set<string> | undefined;
  if (values.only !== undefined) {
    only = new Set();
    for (const name of values.only.split(',').filter(Boolean)) {
      const group = scenarioGroups[name];
      if (group !== undefined) {
        for (const scenario of group) only.add(scenario);
      } else if ((scenarioNames as readonly string[]).includes(name)) {
        only.add(name);
      } else {
        const known = [...scenarioNames, ...Object.keys(scenarioGroups)].join(', ');
        throw new TypeError(`bench: unknown scenario ${name} in --only (known: ${known})`);
      }
    }
  }
  // The shuffle's generator keeps 32 bits of its seed.
  const seed =
    values.seed === undefined
      ? Date.now() % 2 ** 31
      : parseInteger(values.seed, 'bench: --seed', { min: 0, max: 2 ** 32 - 1 });
  return { quick: values.quick ?? false, only, outDirectory: values.out, seed };
}

function describeResult(result: ScenarioResult): string {
  if ('perSecond' in result) {
    return `${formatNumber(result.perSecond)}/s, ${formatNumber(result.cpuMicrosPerOperation)} µs CPU per op`;
  }
  if ('byConcurrency' in result) {
    return result.byConcurrency
      .map(
        (level) =>
          `${level.inFlight} in flight: p50 ${level.p50Ms.toFixed(2)}, p99 ${level.p99Ms.toFixed(2)} ms`,
      )
      .join('; ');
  }
  if ('levels' in result) {
    return result.levels.map((level) => `${level.concurrency}: ${level.medianMs.toFixed(0)} ms`).join(', ');
  }
  if ('rssPerStreamBytes' in result) {
    return `${(result.rssPerStreamBytes / 1024).toFixed(1)} KiB RSS per stream`;
  }
  return `${result.totalMs.toFixed(0)} ms (import ${result.importMs.toFixed(0)} ms)`;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function runScenario(
  plan: ScenarioPlan,
  workspaceRoot: string,
  benchDirectory: string,
  random: () => number,
): Promise<ScenarioRun> {
  const startedAt = performance.now();
  const mock = await startMockServer(workspaceRoot, plan.mock);
  const run: ScenarioRun = { plan, orders: [], results: {}, wallMs: 0 };
  try {
    if (plan.serverWarmup !== undefined) {
      await runClientWorker(benchDirectory, {
        job: { client: 'undici', url: mock.url, ...plan.serverWarmup },
        nodeFlags: [],
        timeoutMs: plan.timeoutMs,
      });
    }
    for (let round = 1; round <= plan.rounds; round++) {
      const order = shuffled(plan.clients, random);
      run.orders.push(order);
      for (const client of order) {
        const output = await runClientWorker(benchDirectory, {
          job: { client, scenario: plan.scenario, url: mock.url, parameters: plan.parameters },
          nodeFlags: plan.nodeFlags,
          timeoutMs: plan.timeoutMs,
        });
        const results = run.results[client] ?? [];
        results.push(output.result);
        run.results[client] = results;
        log(
          `  ${plan.scenario} round ${round}/${plan.rounds}  ${client.padEnd(16)} ${describeResult(output.result)}`,
        );
      }
    }
  } finally {
    await mock.stop();
  }
  run.wallMs = performance.now() - startedAt;
  return run;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const started = performance.now();
  const loadAverageAtStart = loadavg();
  const workspaceRoot = findWorkspaceRoot();
  if (workspaceRoot === undefined)
    throw new Error('bench: no pnpm-workspace.yaml above this file; run the benchmarks from a checkout');
  const benchDirectory = dirname(fileURLToPath(import.meta.url));
  const cliDirectory = resolve(benchDirectory, '..', '..');
  const plans = createBenchPlan(options.quick).filter(
    (plan) => options.only === undefined || options.only.has(plan.scenario),
  );
  const random = createRandom(options.seed);
  log(
    `abstractcore benchmarks: ${plans.length} scenarios${options.quick ? ' (quick)' : ''}, seed ${options.seed}`,
  );

  const runs: ScenarioRun[] = [];
  for (const plan of plans) {
    log(`\n${plan.title} (${plan.clients.length} clients x ${plan.rounds} rounds)`);
    const run = await runScenario(plan, workspaceRoot, benchDirectory, random);
    runs.push(run);
    for (const table of formatTables(summarizeResults([run]))) {
      if (table.title !== 'Goals' && table.title !== tracingTableTitle) {
        process.stdout.write(`\n${renderTextTable(table)}\n`);
      }
    }
  }

  const summary = summarizeResults(runs);
  const onnx = readOnnxResults(workspaceRoot, startedAt);
  const onnxBatching = readOnnxBatchingResults(workspaceRoot, startedAt);
  const queue = readQueueResults(workspaceRoot, startedAt);
  // The tables that span scenarios, printed once every scenario has run, the goals last.
  const tables = formatTables(summary);
  for (const title of [tracingTableTitle, 'Goals']) {
    const table = tables.find((candidate) => candidate.title === title);
    if (table !== undefined) process.stdout.write(`\n${renderTextTable(table)}\n`);
  }
  for (const local of [onnx, onnxBatching]) {
    if (local.table !== undefined) {
      process.stdout.write(`\n${renderTextTable(local.table)}\n(from ${local.path}, written ${local.age})\n`);
    } else {
      process.stdout.write(`\n@local/onnx: not run (${local.reason ?? local.status}: ${local.path})\n`);
    }
  }
  if (queue.table !== undefined) {
    process.stdout.write(`\n${renderTextTable(queue.table)}\n(from ${queue.path}, written ${queue.age})\n`);
  } else {
    process.stdout.write(`\n@core/queue: not run (${queue.reason ?? queue.status}: ${queue.path})\n`);
  }

  const packages = Object.values(clientDescriptions).flatMap((description) => description.packages);
  // A quick run is for trying changes: it never replaces the committed report unless --out says so.
  const outDirectory =
    options.outDirectory ??
    (options.quick ? join(tmpdir(), 'abstractcore-bench') : join(workspaceRoot, 'docs'));
  const written = await writeReport(outDirectory, {
    startedAt,
    durationMs: performance.now() - started,
    quick: options.quick,
    seed: options.seed,
    environment: describeEnvironment(cliDirectory, packages, loadAverageAtStart),
    runs,
    summary,
    onnx,
    onnxBatching,
    queue,
  });
  log(
    `\nwrote ${written.markdown}, ${written.json} and ${written.chart} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  const missed = summary.goals.filter((goal) => !goal.met).length;
  if (missed > 0) log(`${missed} of ${summary.goals.length} goals missed: see the Goals table`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
