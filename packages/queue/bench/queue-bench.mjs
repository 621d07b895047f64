// Benchmark (not a test): requests/s through @core/queue with one and with two worker processes, against
// in-process `gather` over the same LLM, all against tooling/mock-llm with a fixed delay before its reply
// headers, so the numbers say what the queue costs, not how fast a model is.
//   pnpm --filter @core/queue build && pnpm --filter @core/queue bench   (part of `pnpm bench`, run before the report)
// Needs `redis-server` on the PATH (started here on a free loopback port, persistence off) and the builds of
// tooling/mock-llm, tooling/redis-server and @provider/openai-compatible. Prints a Markdown table and writes
// JSON to $BENCH_OUTPUT (default bench/results.json); apps/cli's report reads that file.
//
// Setups, each timed from the first request to the last result:
// - gather, C in flight: `gather` from @core/session in this process (a dependency of @core/queue already),
//   the embedded default for a batch;
// - queue, one worker process with concurrency C: submit here, run there, `wait()` here;
// - queue, two worker processes with concurrency C each. Each worker keeps its concurrency because that is
//   what scaling out means: another machine adds its own C calls in flight. Two at C/2 would measure only
//   splitting one worker's work in two, and the ratio would say nothing about adding machines. Two at C is
//   2C in flight, so it is compared with gather at 2C;
// - gather, 2C in flight.
// Overhead per request = (queue time - gather time at the same total in flight) / N: what the queue adds
// (Redis round trips, job locks, storing and reading each result, a process hop) per request of a batch.
// Setups take turns, round after round (BENCH_RUNS, default 3); tables show the median over rounds.
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createLLM, gather } from '@core/session';
import { redisMissingReason, startRedisServer } from '@tooling/redis-server';
import { createBatchQueue } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const output = process.env.BENCH_OUTPUT ?? join(here, 'results.json');
const requests = Number(process.env.BENCH_REQUESTS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const mockLatencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
const warmupRequests = 4 * concurrency;
const workerScript = join(here, 'bench-worker.mjs');
const mockCli = join(dirname(fileURLToPath(import.meta.resolve('@tooling/mock-llm'))), 'cli.js');

function log(message) {
  process.stderr.write(`${message}\n`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.kill('SIGTERM');
  await exited(child);
  clearTimeout(killer);
}

/** Spawns `node script ...args` and resolves with the child and its first stdout line; rejects if it exits first. */
function spawnUntilFirstLine(script, args) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    stderr = (stderr + text).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`queue bench: ${script} did not start in 15 s. ${stderr}`));
    }, 15_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`queue bench: ${script} exited (${code ?? signal}) before it was ready. ${stderr}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      // Keep draining stdout so a full pipe never stalls the child.
      child.stdout.resume();
      resolve({ child, line, stderr: () => stderr });
    });
  });
}

// The mock in its own process, never sharing an event loop with the gather client it answers.
async function startMock() {
  const { child, line } = await spawnUntilFirstLine(mockCli, [
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--latency-ms',
    String(mockLatencyMs),
    '--max-recorded',
    '50',
  ]);
  const { url } = JSON.parse(line);
  return { baseUrl: `${url}/v1`, stop: () => stopChild(child) };
}

async function startWorkers(count, config) {
  const workers = [];
  for (let index = 0; index < count; index++) {
    const { child, line, stderr } = await spawnUntilFirstLine(workerScript, [JSON.stringify(config)]);
    if (line !== 'ready') throw new Error(`queue bench: a worker printed ${line}. ${stderr()}`);
    workers.push(child);
  }
  return workers;
}

function prompts(count, round, label) {
  return Array.from({ length: count }, (_, index) => `${label} round ${round} question ${index}`);
}

/** Every reply must be the mock's echo of its own prompt: no number here is measured on errors. */
function checkReplies(setup, sent, replies) {
  if (replies.length !== sent.length) {
    throw new Error(`queue bench: ${setup} returned ${replies.length} replies for ${sent.length} requests`);
  }
  replies.forEach((content, index) => {
    if (content !== `Echo: ${sent[index]}`) {
      throw new Error(`queue bench: ${setup} request ${index} got ${JSON.stringify(content)}`);
    }
  });
}

async function timeGather(llm, inFlight, round, label) {
  const sent = prompts(requests, round, label);
  const started = performance.now();
  const responses = await gather(
    sent.map((prompt) => () => llm.agenerate(prompt)),
    { concurrency: inFlight },
  );
  const elapsedMs = performance.now() - started;
  checkReplies(
    label,
    sent,
    responses.map((response) => response.content),
  );
  return elapsedMs;
}

async function timeQueue(queue, round, label, count = requests) {
  const sent = prompts(count, round, label);
  const started = performance.now();
  const batch = await queue.submit(
    sent.map((prompt) => ({ prompt })),
    { retentionMs: 10 * 60_000 },
  );
  const progress = await batch.wait();
  const elapsedMs = performance.now() - started;
  if (progress.failed > 0) throw new Error(`queue bench: ${label} had ${progress.failed} failed requests`);
  const replies = new Array(count);
  for await (const result of batch.results()) {
    replies[result.index] = 'response' in result ? result.response.content : result.error.message;
  }
  checkReplies(label, sent, replies);
  return elapsedMs;
}

function redisVersion() {
  try {
    const text = execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
    return /v=([\d.]+)/.exec(text)?.[1] ?? text.trim();
  } catch {
    return 'unknown';
  }
}

function row(setup, processes, inFlight, timesMs) {
  const medianMs = median(timesMs);
  return {
    setup,
    processes,
    inFlight,
    medianMs,
    requestsPerSecond: (requests / medianMs) * 1000,
    perRunMs: timesMs,
  };
}

function formatMarkdown(result) {
  const lines = [
    `| setup | in flight | requests/s | time for ${requests} | overhead per request vs gather |`,
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const entry of result.rows) {
    const overhead =
      entry.overheadMsPerRequest === undefined ? '' : `${entry.overheadMsPerRequest.toFixed(2)} ms`;
    lines.push(
      `| ${entry.setup} | ${entry.inFlight} | ${entry.requestsPerSecond.toFixed(0)} | ${entry.medianMs.toFixed(0)} ms | ${overhead} |`,
    );
  }
  lines.push(`| two workers / one worker | | ${result.ratioTwoToOne.toFixed(2)}x | | |`);
  return lines.join('\n');
}

async function main() {
  const missing = redisMissingReason();
  if (missing !== undefined) {
    log(`queue bench: ${missing}`);
    process.exitCode = 1;
    return;
  }
  const loadAverageAtStart = loadavg();
  const redis = await startRedisServer();
  let mock;
  const workers = [];
  const queues = [];
  try {
    mock = await startMock();
    const workerConfig = { redisUrl: redis.url, baseUrl: mock.baseUrl, concurrency };
    // Separate queues, so the idle setup's workers never take the other's jobs; idle, they wait in a
    // blocking Redis read and cost no CPU.
    workers.push(...(await startWorkers(1, { ...workerConfig, name: 'bench-one' })));
    workers.push(...(await startWorkers(2, { ...workerConfig, name: 'bench-two' })));
    const oneQueue = createBatchQueue({ connection: redis.url, name: 'bench-one' });
    const twoQueue = createBatchQueue({ connection: redis.url, name: 'bench-two' });
    queues.push(oneQueue, twoQueue);
    const llm = createLLM('openai-compatible', { baseUrl: mock.baseUrl, model: 'test-model' });

    log(
      `queue bench: ${requests} requests, ${concurrency} in flight per worker, mock ${mockLatencyMs} ms, ${runs} rounds`,
    );
    // Untimed warm-up of every path: JIT, sockets to the mock and to Redis.
    await gather(
      prompts(warmupRequests, 0, 'warm-up').map((prompt) => () => llm.agenerate(prompt)),
      { concurrency: 2 * concurrency },
    );
    await timeQueue(oneQueue, 0, 'warm-up one', warmupRequests);
    await timeQueue(twoQueue, 0, 'warm-up two', warmupRequests);

    const times = { gatherOne: [], queueOne: [], gatherTwo: [], queueTwo: [] };
    for (let round = 1; round <= runs; round++) {
      times.gatherOne.push(await timeGather(llm, concurrency, round, 'gather C'));
      times.queueOne.push(await timeQueue(oneQueue, round, 'queue one'));
      times.gatherTwo.push(await timeGather(llm, 2 * concurrency, round, 'gather 2C'));
      times.queueTwo.push(await timeQueue(twoQueue, round, 'queue two'));
      const last = (values) => values[values.length - 1].toFixed(0);
      log(
        `  round ${round}/${runs}: gather ${last(times.gatherOne)} ms, one worker ${last(times.queueOne)} ms, ` +
          `gather 2C ${last(times.gatherTwo)} ms, two workers ${last(times.queueTwo)} ms`,
      );
    }
    await llm.unloadModel();

    const gatherOne = row('gather, in this process', 1, concurrency, times.gatherOne);
    const queueOne = row('queue, one worker process', 1, concurrency, times.queueOne);
    const gatherTwo = row('gather, in this process', 1, 2 * concurrency, times.gatherTwo);
    const queueTwo = row('queue, two worker processes', 2, 2 * concurrency, times.queueTwo);
    queueOne.overheadMsPerRequest = (queueOne.medianMs - gatherOne.medianMs) / requests;
    queueTwo.overheadMsPerRequest = (queueTwo.medianMs - gatherTwo.medianMs) / requests;
    const result = {
      schema: 'abstractcore-queue-bench/1',
      date: new Date().toISOString(),
      machine: {
        cpuModel: cpus()[0]?.model ?? 'unknown',
        cores: availableParallelism(),
        node: process.versions.node,
        redis: redisVersion(),
        loadAverage: { start: loadAverageAtStart, end: loadavg() },
        note: 'redis-server, the mock, the submitter and the workers share these cores',
      },
      settings: {
        requests,
        concurrencyPerWorker: concurrency,
        runs,
        mockLatencyMs,
        twoWorkers: 'two processes with the same concurrency each (2C in flight), compared with gather at 2C',
      },
      rows: [gatherOne, queueOne, gatherTwo, queueTwo],
      ratioTwoToOne: queueTwo.requestsPerSecond / queueOne.requestsPerSecond,
      overheadMsPerRequest: {
        oneWorker: queueOne.overheadMsPerRequest,
        twoWorkers: queueTwo.overheadMsPerRequest,
      },
    };
    process.stdout.write(`${formatMarkdown(result)}\n`);
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, `${JSON.stringify(result, null, 2)}\n`);
    log(`queue bench: wrote ${output}`);
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
    await Promise.all(workers.map((child) => stopChild(child)));
    await mock?.stop();
    await redis.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
