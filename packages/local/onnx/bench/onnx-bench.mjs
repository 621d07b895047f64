// Benchmark (not a test): continuous batching in one @local/onnx worker, measured at the adapter level
// (createOnnxAdapter → doGenerate / doStream; a provider's own bench never goes through the pipeline), on a
// random-weight Llama of the 110M shape built with ../shared/tools/onnx-llama and cached in the temp dir.
//   pnpm --filter @local/onnx build && pnpm --filter @local/onnx bench   (part of `pnpm bench`, run before the report)
// Prints a table and writes JSON to $BENCH_BATCHING_OUTPUT (default bench/batching-results.json).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hasSharedDirectory, sharedMissingReason, sharedPath } from '@tooling/fixtures';
import { createOnnxAdapter } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const output = process.env.BENCH_BATCHING_OUTPUT ?? join(here, 'batching-results.json');
// dim hidden layers heads kvHeads vocab seq seed, as random-llama2c.cjs takes them.
const shape = { name: '110M', sizes: [768, 2048, 12, 12, 12, 512, 256, 1] };
const newTokens = Number(process.env.BENCH_TOKENS ?? 48);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const concurrency = [1, 2, 4, 8];
const prompt = 'Once upon a time';

if (!hasSharedDirectory()) {
  console.error(`onnx batching bench: ${sharedMissingReason}`);
  process.exit(1);
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

// The same scratch tools folder and model cache as onnx-bench.mjs and test/random-llama-model.ts.
async function modelFolder() {
  const folder = join(tmpdir(), `abstractcore-onnx-random-llama-${shape.sizes.join('-')}`);
  if (existsSync(join(folder, 'onnx', 'model.onnx'))) return folder;
  const tools = join(tmpdir(), 'abstractcore-onnx-llama-tools');
  if (!existsSync(join(tools, 'node_modules', 'onnx-proto'))) {
    await mkdir(tools, { recursive: true });
    await cp(sharedPath('tools', 'onnx-llama'), tools, { recursive: true });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], {
      cwd: tools,
      stdio: 'ignore',
    });
  }
  const started = performance.now();
  const scratch = `${folder}.building-${process.pid}`;
  await mkdir(scratch, { recursive: true });
  const checkpoint = join(scratch, 'random.bin');
  execFileSync(process.execPath, [join(tools, 'random-llama2c.cjs'), checkpoint, ...shape.sizes.map(String)]);
  execFileSync(process.execPath, [
    join(tools, 'llama2c-to-onnx.cjs'),
    checkpoint,
    '-',
    join(scratch, 'model'),
  ]);
  for (const file of ['tokenizer.json', 'tokenizer_config.json']) {
    await copyFile(sharedPath('models', 'stories260K', file), join(scratch, 'model', file));
  }
  await rename(join(scratch, 'model'), folder);
  await rm(scratch, { recursive: true, force: true });
  log(
    `onnx batching bench: built the ${shape.name} model in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return folder;
}

function generateRequest(model, tokens) {
  return {
    model,
    messages: [{ role: 'user', content: prompt }],
    temperature: 0,
    maxTokens: tokens,
    providerOptions: { min_new_tokens: tokens },
  };
}

/** Aggregate tokens/s of `count` requests started together; the best of `runs` (machines here are shared). */
async function throughput(adapter, model, count) {
  let best = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: count }, () => adapter.doGenerate(generateRequest(model, newTokens))),
    );
    const seconds = (performance.now() - started) / 1000;
    const tokens = results.reduce((sum, result) => sum + result.usage.outputTokens, 0);
    best = Math.max(best, tokens / seconds);
  }
  return best;
}

/** ms from doStream to the first text of one request. */
async function timeToFirstText(adapter, model) {
  const started = performance.now();
  const stream = await adapter.doStream(generateRequest(model, 8));
  let first;
  for (;;) {
    const chunks = await stream.read();
    if (chunks === undefined) break;
    if (first === undefined && chunks.some((chunk) => chunk.content)) first = performance.now() - started;
  }
  return first ?? Number.NaN;
}

async function main() {
  const model = await modelFolder();
  const threads = availableParallelism();
  const adapter = createOnnxAdapter({ model, workers: 1, threads, maxBatchSize: 8 });
  try {
    await adapter.doGenerate(generateRequest(model, 4)); // load and warm up
    const stats = adapter.poolStats(model);
    log(
      `onnx batching bench: batch capacity ${stats?.batchCapacity} (${stats?.sequentialReason ?? 'batching'})`,
    );
    const rows = [];
    for (const count of concurrency) {
      log(`onnx batching bench: ${count} concurrent request(s), ${newTokens} tokens each`);
      // The main thread's event-loop delay while the worker batches (1 ms resolution: an idle loop reads ~1.1).
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      const tokensPerSecond = await throughput(adapter, model, count);
      delay.disable();
      rows.push({ concurrent: count, tokensPerSecond, eventLoopP99Ms: delay.percentile(99) / 1e6 });
    }
    const single = rows[0].tokensPerSecond;
    for (const row of rows) row.ratio = row.tokensPerSecond / single;

    // Time to first text alone, then for a request that joins a batch of 7 running ones.
    const idleMs = await timeToFirstText(adapter, model);
    const running = Array.from({ length: 7 }, () =>
      adapter.doGenerate(generateRequest(model, newTokens * 2)),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const joiningMs = await timeToFirstText(adapter, model);
    await Promise.all(running);

    console.log(
      `\n@local/onnx continuous batching: random-weight Llama ${shape.name} shape (dim 768, 12 layers), one worker × ` +
        `${threads} intra-op threads, greedy, ${newTokens} tokens per request, best of ${runs}, ${cpus()[0]?.model ?? 'cpu'}\n`,
    );
    console.log('| concurrent requests | aggregate tokens/s | vs one request | main-thread event-loop p99 |');
    console.log('|---|---|---|---|');
    for (const row of rows) {
      console.log(
        `| ${row.concurrent} | ${row.tokensPerSecond.toFixed(1)} | ${row.ratio.toFixed(2)}x | ${row.eventLoopP99Ms.toFixed(1)} ms |`,
      );
    }
    console.log(
      `\ntime to first text: ${idleMs.toFixed(0)} ms alone, ${joiningMs.toFixed(0)} ms joining a batch of 7 running requests`,
    );
    const eight = rows.at(-1);
    console.log(
      `goal: 8 concurrent >= 3x one: ${eight.ratio >= 3 ? 'met' : 'NOT met'} (${eight.ratio.toFixed(2)}x)`,
    );
    await mkdir(dirname(output), { recursive: true });
    await writeFile(
      output,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          node: process.version,
          cpus: threads,
          model: { shape: shape.name, sizes: shape.sizes, weights: 'random (onnx-llama)' },
          newTokens,
          runs,
          throughput: rows,
          timeToFirstTextMs: { alone: idleMs, joiningBatchOf7: joiningMs },
        },
        null,
        2,
      )}\n`,
    );
    log(`onnx batching bench: wrote ${output}`);
  } finally {
    await adapter.unload();
  }
}

await main();
