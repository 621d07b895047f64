// Benchmark (not a test): createLLM('onnx') on worker threads against transformers.js on the main thread,
// side by side in one run, on a random-weight Llama of the 110M shape built at bench time with
// ../shared/tools/onnx-llama (the 15M shape runs too fast to show a stall). It measures through createLLM,
// so it lives here, beside the pipeline's bench, not in @local/onnx (a provider never depends on the
// pipeline; the engine's own batching bench is @local/onnx's). Runs against the build, as part of
// `pnpm bench` (apps/cli's bench script), or alone: node src/bench/onnx-bench.mjs
// Prints a table and writes JSON to $BENCH_OUTPUT (default apps/cli/.bench/onnx-results.json), which the
// report of run-benchmarks includes.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createLLM } from '@core/session';
import { hasSharedDirectory, sharedMissingReason, sharedPath } from '@tooling/fixtures';

const here = dirname(fileURLToPath(import.meta.url));
const output = process.env.BENCH_OUTPUT ?? join(here, '..', '..', '.bench', 'onnx-results.json');
const shape = {
  name: '110M',
  dim: 768,
  hidden: 2048,
  layers: 12,
  heads: 12,
  kvHeads: 12,
  vocab: 512,
  seq: 256,
};
const newTokens = Number(process.env.BENCH_TOKENS ?? 96);
const runs = Number(process.env.BENCH_RUNS ?? 6);
const threads = availableParallelism();
const prompt = 'Once upon a time';

if (!hasSharedDirectory()) {
  console.error(`onnx bench: ${sharedMissingReason}`);
  process.exit(1);
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

// The onnx-llama scripts need `onnx-proto`; ../shared is read-only, so they run from a scratch copy,
// installed once (npm registry) and kept in the temp dir for later runs.
async function prepareTools() {
  const tools = join(tmpdir(), 'abstractcore-onnx-llama-tools');
  if (!existsSync(join(tools, 'node_modules', 'onnx-proto'))) {
    log('onnx bench: installing the onnx-llama tools (onnx-proto) in a scratch folder');
    await mkdir(tools, { recursive: true });
    await cp(sharedPath('tools', 'onnx-llama'), tools, { recursive: true });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], {
      cwd: tools,
      stdio: 'ignore',
    });
  }
  return tools;
}

async function buildModel(tools, scratch) {
  const started = performance.now();
  const checkpoint = join(scratch, `r${shape.name}.bin`);
  const directory = join(scratch, `rand${shape.name}`);
  const { dim, hidden, layers, heads, kvHeads, vocab, seq } = shape;
  const sizes = [dim, hidden, layers, heads, kvHeads, vocab, seq].map(String);
  execFileSync(process.execPath, [join(tools, 'random-llama2c.cjs'), checkpoint, ...sizes, '1'], {
    stdio: 'ignore',
  });
  execFileSync(process.execPath, [join(tools, 'llama2c-to-onnx.cjs'), checkpoint, '-', directory], {
    stdio: 'ignore',
  });
  for (const file of ['tokenizer.json', 'tokenizer_config.json']) {
    await copyFile(sharedPath('models', 'stories260K', file), join(directory, file));
  }
  await rm(checkpoint);
  log(`onnx bench: built the ${shape.name} model in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return directory;
}

/** Runs `work` and times it, without watching the event loop (the watcher's 1 ms wake-ups cost the CPU). */
async function timed(work) {
  const started = performance.now();
  const result = await work();
  return { result, elapsedMs: performance.now() - started };
}

/**
 * Runs `work` while recording the main thread's event-loop delay at 1 ms resolution (an idle loop reads
 * about 1.1 ms at p99: the interval itself is part of each value); returns both.
 */
async function measured(work) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = performance.now();
  const result = await work();
  const elapsedMs = performance.now() - started;
  histogram.disable();
  return {
    result,
    elapsedMs,
    p99Ms: histogram.percentile(99) / 1e6,
    maxMs: histogram.max / 1e6,
  };
}

async function loadDirect(directory) {
  // Imported here, not at the top: the worker side never loads transformers.js on this thread.
  const { AutoModelForCausalLM, AutoTokenizer, env, LogLevel } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.logLevel = LogLevel.ERROR;
  // The same intra-op threads the adapter gives its one worker, so only the thread differs.
  const options = {
    local_files_only: true,
    device: 'cpu',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  };
  const load = await measured(async () => ({
    tokenizer: await AutoTokenizer.from_pretrained(directory, options),
    model: await AutoModelForCausalLM.from_pretrained(directory, options),
  }));
  const { tokenizer, model } = load.result;
  const inputs = tokenizer.apply_chat_template([{ role: 'user', content: prompt }], {
    add_generation_prompt: true,
    return_dict: true,
  });
  const generate = (tokens) =>
    model.generate({ ...inputs, max_new_tokens: tokens, min_new_tokens: tokens, do_sample: false });
  await generate(4); // warm-up
  return {
    loadStallMs: load.maxMs,
    loadMs: load.elapsedMs,
    async sample() {
      const speed = await timed(() => generate(newTokens));
      const generated = speed.result.dims.at(-1) - inputs.input_ids.dims.at(-1);
      const delay = await measured(() => generate(newTokens));
      return {
        tokensPerSecond: generated / (speed.elapsedMs / 1000),
        p99Ms: delay.p99Ms,
        maxMs: delay.maxMs,
      };
    },
    close: () => model.dispose(),
  };
}

async function loadWorker(directory) {
  const llm = createLLM('onnx', { model: directory, maxRetries: 0 });
  // countTokens makes the worker load the model (tokenizer and sessions) without generating.
  const load = await measured(() => llm.countTokens(prompt));
  const options = { temperature: 0, maxTokens: newTokens, providerOptions: { min_new_tokens: newTokens } };
  await llm.agenerate(prompt, { ...options, maxTokens: 4, providerOptions: { min_new_tokens: 4 } }); // warm-up
  return {
    loadStallMs: load.maxMs,
    loadMs: load.elapsedMs,
    async sample() {
      const streamed = async () => {
        const stream = await llm.agenerate(prompt, { ...options, stream: true });
        for await (const _chunk of stream) {
          // tokens arrive as they are produced
        }
        return stream.completion;
      };
      const speed = await timed(streamed);
      const generated = speed.result.usage.outputTokens;
      const delay = await measured(streamed);
      return {
        tokensPerSecond: generated / (speed.elapsedMs / 1000),
        p99Ms: delay.p99Ms,
        maxMs: delay.maxMs,
      };
    },
    close: () => llm.unloadModel(),
  };
}

// What concurrency buys for local inference: four requests one after another, then all four at once, on one
// worker using every core, and on two workers sharing them. Tokens per second over the whole batch.
async function measureConcurrency(directory) {
  const concurrentRequests = 4;
  const tokens = 48;
  const options = { temperature: 0, maxTokens: tokens, providerOptions: { min_new_tokens: tokens } };
  const layouts = [
    { workers: 1, threads },
    { workers: 2, threads: Math.max(1, Math.floor(threads / 2)) },
  ];
  const results = [];
  for (const layout of layouts) {
    log(
      `onnx bench: ${concurrentRequests} requests, ${layout.workers} worker(s) × ${layout.threads} thread(s)`,
    );
    const llm = createLLM('onnx', { model: directory, maxRetries: 0, ...layout });
    // Every worker loads the model before the clock starts.
    await Promise.all(
      Array.from({ length: layout.workers }, () =>
        llm.agenerate(prompt, { ...options, maxTokens: 2, providerOptions: { min_new_tokens: 2 } }),
      ),
    );
    let started = performance.now();
    for (let index = 0; index < concurrentRequests; index++) await llm.agenerate(prompt, options);
    const sequentialMs = performance.now() - started;
    started = performance.now();
    await Promise.all(Array.from({ length: concurrentRequests }, () => llm.agenerate(prompt, options)));
    const concurrentMs = performance.now() - started;
    await llm.unloadModel();
    const total = concurrentRequests * tokens;
    results.push({
      ...layout,
      requests: concurrentRequests,
      tokensPerRequest: tokens,
      sequentialTokensPerSecond: total / (sequentialMs / 1000),
      concurrentTokensPerSecond: total / (concurrentMs / 1000),
      speedUp: sequentialMs / concurrentMs,
    });
  }
  return results;
}

function format(value, digits = 1) {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

async function main() {
  const started = performance.now();
  const scratch = await mkdtemp(join(tmpdir(), 'abstractcore-onnx-bench-'));
  try {
    const tools = await prepareTools();
    const directory = await buildModel(tools, scratch);
    log('onnx bench: loading through createLLM("onnx") (worker thread), then directly (main thread)');
    const workerSide = await loadWorker(directory);
    const directSide = await loadDirect(directory);
    // Alternate the two, starting with each in turn, so that neither gets the quieter moments of the run.
    const worker = { loadStallMs: workerSide.loadStallMs, loadMs: workerSide.loadMs, samples: [] };
    const direct = { loadStallMs: directSide.loadStallMs, loadMs: directSide.loadMs, samples: [] };
    for (let run = 0; run < runs; run++) {
      log(`onnx bench: run ${run + 1} of ${runs}`);
      const order = run % 2 === 0 ? [workerSide, directSide] : [directSide, workerSide];
      for (const side of order) (side === workerSide ? worker : direct).samples.push(await side.sample());
    }
    await workerSide.close();
    await directSide.close();
    const concurrency = await measureConcurrency(directory);
    // Best of the alternated runs is the headline (the least disturbed run of each side: machines running this
    // are often shared); the median follows in brackets.
    const stat = (side, key, higherIsBetter) => {
      const values = side.samples.map((sample) => sample[key]).sort((a, b) => a - b);
      const middle = values.length / 2;
      const median =
        values.length % 2 === 1
          ? values[Math.floor(middle)]
          : ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2;
      return { best: higherIsBetter ? values.at(-1) : values[0], median };
    };
    const workerTps = stat(worker, 'tokensPerSecond', true);
    const directTps = stat(direct, 'tokensPerSecond', true);
    const workerP99 = stat(worker, 'p99Ms', false);
    const directP99 = stat(direct, 'p99Ms', false);
    const both = (value, digits) => `${format(value.best, digits)} (${format(value.median, digits)})`;
    // Each run measured both sides back to back: the ratio within a run cancels most of the machine's noise.
    const ratios = worker.samples
      .map((sample, run) => sample.tokensPerSecond / (direct.samples[run]?.tokensPerSecond ?? Number.NaN))
      .sort((a, b) => a - b);
    const pairedRatio =
      ratios.length % 2 === 1
        ? ratios[Math.floor(ratios.length / 2)]
        : ((ratios[ratios.length / 2 - 1] ?? 0) + (ratios[ratios.length / 2] ?? 0)) / 2;
    const rows = [
      {
        metric: 'tokens/s, greedy: best (median)',
        worker: both(workerTps, 1),
        direct: both(directTps, 1),
        goal: '>= 0.95x direct',
        met: pairedRatio >= 0.95,
        note: `${format(pairedRatio, 2)}x: median of per-run ratios`,
      },
      {
        metric: 'event-loop delay p99 generating, ms: best (median)',
        worker: both(workerP99, 2),
        direct: both(directP99, 2),
        goal: '<= 5 ms',
        met: workerP99.best <= 5,
        note: `max ${format(stat(worker, 'maxMs', false).median, 1)} / ${format(stat(direct, 'maxMs', false).median, 1)} ms (median)`,
      },
      {
        metric: 'longest main-thread stall while loading, ms',
        worker: format(worker.loadStallMs),
        direct: format(direct.loadStallMs),
        goal: '< 50 ms',
        met: worker.loadStallMs < 50,
        note: `load took ${format(worker.loadMs, 0)} / ${format(direct.loadMs, 0)} ms`,
      },
    ];
    const header = ['metric', 'createLLM (worker)', 'direct (main thread)', 'goal', 'met', 'note'];
    const table = [
      header,
      ...rows.map((row) => [row.metric, row.worker, row.direct, row.goal, row.met ? 'yes' : 'NO', row.note]),
    ];
    const widths = header.map((_, column) => Math.max(...table.map((line) => line[column].length)));
    const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
    console.log(
      `\n@local/onnx bench: random-weight Llama ${shape.name} shape (dim ${shape.dim}, ${shape.layers} layers), ` +
        `${newTokens} new tokens, ${runs} alternated runs each, ${threads} intra-op threads, ${cpus()[0]?.model ?? 'cpu'}\n`,
    );
    console.log(line(header));
    console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
    for (const cells of table.slice(1)) console.log(line(cells));
    console.log('\nconcurrent requests on a local model (tokens/s over 4 requests of 48 tokens):');
    for (const entry of concurrency) {
      console.log(
        `  ${entry.workers} worker(s) × ${entry.threads} thread(s): one by one ${format(entry.sequentialTokensPerSecond)}, ` +
          `all at once ${format(entry.concurrentTokensPerSecond)} (${format(entry.speedUp, 2)}x)`,
      );
    }
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      model: { ...shape, weights: 'random (onnx-llama)' },
      newTokens,
      runs,
      intraOpThreads: threads,
      worker,
      direct,
      tokensPerSecondRatio: { pairedMedian: pairedRatio, perRun: ratios },
      summary: rows,
      concurrency,
      durationMs: performance.now() - started,
    };
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, `${JSON.stringify(results, null, 2)}\n`);
    log(`onnx bench: wrote ${output} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
