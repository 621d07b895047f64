// Benchmark (not a test): the Summarizer's own overhead (splitting on structure, counting words, building
// prompts, combining) on Markdown of 100 KB, 1 MB and 10 MB, with an in-process LLM that answers every
// call at once with a valid summary, so all the time measured is ours. Runs against the build:
//   pnpm --filter @core/processing build && pnpm --filter @core/processing bench
// Prints a table; writes JSON to $BENCH_OUTPUT when it is set. BENCH_SIZES_KB=100,1024 picks the sizes.
import { writeFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Summarizer } from '../dist/index.js';

const sizesKb = (process.env.BENCH_SIZES_KB ?? '100,1024,10240').split(',').map(Number);
const output = process.env.BENCH_OUTPUT;

const words = [
  'owl',
  'survey',
  'tower',
  'nest',
  'counted',
  'carefully',
  'northern',
  'region',
  'during',
  'spring',
  'observers',
  'recorded',
  'several',
  'distinct',
  'species',
  'habitat',
  'changes',
  'across',
  'years',
  'data',
];

/** Deterministic Markdown of about `bytes` characters: headings, paragraphs, lists, code, tables, quotes. */
function markdown(bytes) {
  let seed = 1;
  const next = (limit) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % limit;
  };
  const sentence = () => {
    const picked = Array.from({ length: 6 + next(14) }, () => words[next(words.length)]).join(' ');
    return `${picked[0].toUpperCase()}${picked.slice(1)}${next(5) === 0 ? ', 3.5 km away' : ''}.`;
  };
  const paragraph = () => Array.from({ length: 3 + next(5) }, sentence).join(' ');
  const blocks = [];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    let block;
    if (index % 12 === 0) block = `${index % 48 === 0 ? '#' : '##'} Section ${index / 12 + 1}`;
    else if (index % 12 === 4) block = Array.from({ length: 4 }, () => `- ${sentence()}`).join('\n');
    else if (index % 12 === 7) block = '```js\nconst owls = count(tower);\n\nconsole.log(owls);\n```';
    else if (index % 12 === 9) block = '| tower | owls |\n| --- | --- |\n| north | 3 |\n| south | 5 |';
    else if (index % 12 === 10) block = `> ${sentence()}`;
    else block = paragraph();
    blocks.push(block);
    size += block.length + 2;
  }
  return blocks.join('\n\n');
}

/** An LLM (the `LLM` interface of @core/types) whose every answer is ready at once. */
function instantLLM() {
  const llm = {
    provider: 'bench',
    // Unknown to the context-window table, so the default 8192-token window: many parts, as for a small local model.
    model: 'bench-model',
    calls: 0,
    async agenerate() {
      llm.calls += 1;
      return {
        summary: 'Observers counted owls nesting in towers across the northern region.',
        keyPoints: ['Owls nest in towers', 'Counts rose in spring'],
        confidence: 0.9,
      };
    },
    // What createLLM does for a provider without a tokenizer: four characters a token.
    async countTokens(text) {
      return Math.ceil(text.length / 4);
    },
    async listModels() {
      return [];
    },
    async health() {
      return { ok: true };
    },
    async embed() {
      return [];
    },
    async unloadModel() {},
    async capabilities() {
      return {};
    },
  };
  llm.generate = llm.agenerate;
  return llm;
}

async function measure(text) {
  const llm = instantLLM();
  const summarizer = new Summarizer(llm);
  // A 10 ms sampling timer: cheap, and a stall of the event loop shows in its max.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const started = performance.now();
  const result = await summarizer.summarize(text);
  const elapsedMs = performance.now() - started;
  histogram.disable();
  return {
    elapsedMs,
    calls: llm.calls,
    words: result.wordCountOriginal,
    maxDelayMs: histogram.max / 1e6,
  };
}

await measure(markdown(100 * 1024)); // warm-up: JIT and the lazily built segmenters and schema

const results = [];
for (const kb of sizesKb) {
  const text = markdown(kb * 1024);
  const megabytes = Buffer.byteLength(text) / (1024 * 1024);
  const run = await measure(text);
  results.push({
    size: kb >= 1024 ? `${kb / 1024} MB` : `${kb} KB`,
    bytes: Buffer.byteLength(text),
    ms: Math.round(run.elapsedMs),
    megabytesPerSecond: Number((megabytes / (run.elapsedMs / 1000)).toFixed(2)),
    modelCalls: run.calls,
    words: run.words,
    eventLoopMaxDelayMs: Number(run.maxDelayMs.toFixed(1)),
  });
}

const header = ['document', 'ms', 'MB/s', 'model calls', 'words', 'event loop max delay (ms)'];
const table = [
  header,
  ...results.map((row) => [
    row.size,
    String(row.ms),
    row.megabytesPerSecond.toFixed(2),
    String(row.modelCalls),
    String(row.words),
    row.eventLoopMaxDelayMs.toFixed(1),
  ]),
];
const widths = header.map((_, column) => Math.max(...table.map((line) => line[column].length)));
const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
console.log('\nSummarizer overhead (Markdown, in-process LLM answering at once, 8192-token window):');
console.log(line(header));
console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
for (const cells of table.slice(1)) console.log(line(cells));
if (output !== undefined) {
  await writeFile(
    output,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
  );
}
