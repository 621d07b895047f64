import { parseArgs } from 'node:util';
import { loadBenchClient } from './bench-clients.js';
import {
  type BenchClient,
  type BenchClientSettings,
  benchApiKey,
  benchModel,
  benchPrompt,
  type ColdStartResult,
  expectedCallReply,
  isClientName,
  isScenarioName,
  type ScenarioResult,
  type WorkerJob,
  type WorkerOutput,
} from './bench-types.js';
import { measureFirstChunk } from './scenarios/measure-first-chunk.js';
import { measureScaling } from './scenarios/measure-scaling.js';
import { measureStreamMemory } from './scenarios/measure-stream-memory.js';
import { measureThroughput } from './scenarios/measure-throughput.js';
import { expectReply, readCount } from './scenarios/scenario-parameters.js';

// One worker process runs one client through one scenario and prints one JSON line (`WorkerOutput`) on stdout.
// Usage: node dist/bench/client-worker.js --job '{"client":"undici","scenario":"calls","url":"…","parameters":{…}}'

function parseJob(argv: string[]): WorkerJob {
  const { values } = parseArgs({ args: argv, options: { job: { type: 'string' } }, strict: true });
  if (values.job === undefined) throw new TypeError('client-worker: --job <json> is required');
  const parsed: unknown = JSON.parse(values.job);
  if (typeof parsed !== 'object' || parsed === null) {
    throw new TypeError('client-worker: --job must be an object');
  }
  const { client, scenario, url, parameters } = parsed as Record<string, unknown>;
  if (typeof client !== 'string' || !isClientName(client)) {
    throw new TypeError(`client-worker: unknown client ${String(client)}`);
  }
  if (typeof scenario !== 'string' || !isScenarioName(scenario)) {
    throw new TypeError(`client-worker: unknown scenario ${String(scenario)}`);
  }
  if (typeof url !== 'string' || !url.startsWith('http://127.0.0.1:')) {
    throw new TypeError('client-worker: url must be a loopback http://127.0.0.1:PORT URL');
  }
  if (typeof parameters !== 'object' || parameters === null) {
    throw new TypeError('client-worker: parameters must be an object');
  }
  return { client, scenario, url, parameters: parameters as WorkerJob['parameters'] };
}

async function measureColdStart(job: WorkerJob, settings: BenchClientSettings): Promise<ColdStartResult> {
  const startedAt = performance.now();
  const client = await loadBenchClient(job.client, settings);
  const importedAt = performance.now();
  const reply = await client.call(benchPrompt);
  const answeredAt = performance.now();
  expectReply(job.client, reply, expectedCallReply);
  await client.close();
  return {
    importMs: importedAt - startedAt,
    firstCallMs: answeredAt - importedAt,
    totalMs: answeredAt - startedAt,
  };
}

async function runScenario(job: WorkerJob, client: BenchClient): Promise<ScenarioResult> {
  switch (job.scenario) {
    case 'calls':
    case 'streams':
      return measureThroughput(job.client, client, job.scenario, job.parameters);
    case 'tracing-calls':
      return measureThroughput(job.client, client, 'calls', job.parameters);
    case 'tracing-streams':
      return measureThroughput(job.client, client, 'streams', job.parameters);
    case 'first-chunk':
      return measureFirstChunk(job.client, client, job.parameters);
    case 'scaling':
      return measureScaling(job.client, client, job.parameters);
    case 'memory':
      return measureStreamMemory(client, job.parameters);
    case 'cold-start':
      throw new Error('client-worker: cold-start loads its own client');
  }
}

async function main(): Promise<void> {
  const job = parseJob(process.argv.slice(2));
  const settings: BenchClientSettings = {
    url: job.url,
    model: benchModel,
    apiKey: benchApiKey,
    maxConnections: readCount(job.parameters, 'connections'),
  };
  let result: ScenarioResult;
  if (job.scenario === 'cold-start') {
    result = await measureColdStart(job, settings);
  } else {
    const client = await loadBenchClient(job.client, settings);
    try {
      result = await runScenario(job, client);
    } finally {
      await client.close();
    }
  }
  const output: WorkerOutput = { client: job.client, scenario: job.scenario, result };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().then(
  // Peer SDKs may keep sockets or timers alive; the result is printed, so the process ends here.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
