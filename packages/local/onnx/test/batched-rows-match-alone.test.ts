import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationReport, WorkerGenerateRequest } from '../dist/worker-messages.js';
import { createWorkerPool, type WorkerPool } from '../dist/worker-pool.js';
import { randomLlamaModel, shape15m } from './random-llama-model.js';
import { hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

const workerUrl = new URL('../dist/worker/onnx-worker.js', import.meta.url);

// Eight prompts of different lengths (2 to 16 tokens), so every batch is left-padded.
const prompts = [
  'Once',
  'Tom had a red car.',
  'Once upon a time',
  'The little dog ran to the park and saw a big red ball.',
  'Lily',
  'One day, a girl named Sue went to the shop with her mom.',
  'The sun',
  'Ben and his friend played with toys in the garden all day long.',
];

function request(prompt: string, overrides: Partial<WorkerGenerateRequest> = {}): WorkerGenerateRequest {
  return {
    messages: [{ role: 'user', content: prompt }],
    maxNewTokens: 24,
    temperature: 0,
    topP: undefined,
    topK: undefined,
    seed: undefined,
    stop: [],
    enableThinking: undefined,
    stream: false,
    generationOptions: undefined,
    ...overrides,
  };
}

function openPool(path: string, batching: boolean): WorkerPool {
  return createWorkerPool({
    workerUrl,
    size: 1,
    load: {
      model: path,
      source: { kind: 'directory', path },
      dtype: undefined,
      revision: undefined,
      threads: 2,
      allowRemoteModels: false,
      cacheDir: path,
      remoteHost: undefined,
      batching,
      maxBatchSize: 8,
    },
  });
}

/** What a row gave: its text (streamed, joined) and its report. */
interface Outcome {
  text: string;
  report: GenerationReport;
}

/** Each request on its own, one after another: the reference a batched row must equal. */
async function alone(pool: WorkerPool, requests: WorkerGenerateRequest[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const item of requests) {
    const report = await pool.generate(item).report;
    outcomes.push({ text: report.text ?? '', report });
  }
  return outcomes;
}

/**
 * Starts request i+1 once request i has streamed two pieces of text (or ended), so each joins a batch that
 * is already running, at a different length; `onPiece` sees every row's text as it arrives.
 */
async function staggered(
  pool: WorkerPool,
  requests: WorkerGenerateRequest[],
  onPiece?: (index: number, pieces: number, cancel: () => void) => void,
): Promise<{ outcomes: Outcome[]; peakRows: number }> {
  let peakRows = 0;
  const runs: Promise<Outcome>[] = [];
  let release: () => void = () => {};
  for (const [index, item] of requests.entries()) {
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    const next = release;
    const parts: string[] = [];
    const job = pool.generate({ ...item, stream: true }, (text) => {
      parts.push(text);
      peakRows = Math.max(peakRows, pool.stats().runningJobs);
      if (parts.length === 2) next();
      onPiece?.(index, parts.length, () => job.cancel());
    });
    runs.push(
      job.report.then((report) => {
        next();
        return { text: parts.join(''), report };
      }),
    );
    if (index < requests.length - 1) await started;
  }
  return { outcomes: await Promise.all(runs), peakRows };
}

function summary(outcomes: Outcome[]) {
  return outcomes.map(({ text, report }) => ({
    text,
    outputTokens: report.outputTokens,
    inputTokens: report.inputTokens,
    finishReason: report.rawFinishReason,
  }));
}

const models = [
  { name: 'stories260K', path: async () => storiesPath() },
  { name: 'random 15M-shape Llama', path: () => randomLlamaModel(shape15m) },
];

describe.skipIf(!hasStoriesModel).each(models)(`continuous batching on $name${skipNote}`, ({ path }) => {
  let modelPath: string;
  let pool: WorkerPool;
  const greedy = prompts.map((prompt) => request(prompt));
  let greedyAlone: Outcome[];

  beforeAll(async () => {
    modelPath = await path();
    pool = openPool(modelPath, true);
    greedyAlone = await alone(pool, greedy);
  }, 120_000);
  afterAll(() => pool.close(new Error('test over')));

  it('runs eight greedy requests of different lengths, joining at different times, token for token as alone', async () => {
    expect(pool.stats()).toMatchObject({ batchCapacity: 8, sequentialReason: undefined });
    const { outcomes, peakRows } = await staggered(pool, greedy);
    expect(peakRows).toBeGreaterThan(1); // they really shared the batch
    expect(summary(outcomes)).toEqual(summary(greedyAlone));
  });

  it('gives a seeded row the same sample alone and beside other rows', async () => {
    const sampled = prompts.map((prompt, index) =>
      index % 2 === 0 ? request(prompt, { temperature: 1, seed: 100 + index }) : request(prompt),
    );
    const reference = await alone(pool, sampled);
    const { outcomes } = await staggered(pool, [...sampled].reverse());
    expect(summary(outcomes.reverse())).toEqual(summary(reference));
  });

  it('leaves the other rows unchanged when one row is aborted mid-batch', async () => {
    const { outcomes } = await staggered(pool, greedy.slice(0, 5), (index, pieces, cancel) => {
      if (index === 1 && pieces === 3) cancel();
    });
    expect(outcomes[1]?.report).toMatchObject({ aborted: true, rawFinishReason: 'aborted' });
    expect(outcomes[1]?.report.outputTokens).toBeLessThan(greedyAlone[1]?.report.outputTokens ?? 0);
    const others = [0, 2, 3, 4];
    expect(summary(others.map((index) => outcomes[index] as Outcome))).toEqual(
      summary(others.map((index) => greedyAlone[index] as Outcome)),
    );
  });

  it('ends only the row whose stop sequence appears', async () => {
    const target = greedyAlone[3]?.text ?? '';
    const stop = target.slice(Math.floor(target.length / 2), Math.floor(target.length / 2) + 3);
    expect(stop.length).toBe(3);
    const requests = greedy
      .slice(0, 5)
      .map((item, index) => (index === 3 ? { ...item, stop: [stop] } : item));
    const { outcomes } = await staggered(pool, requests);
    expect(outcomes[3]?.text).toBe(target.slice(0, target.indexOf(stop)));
    expect(outcomes[3]?.report.rawFinishReason).toBe('stop_sequence');
    const others = [0, 1, 2, 4];
    expect(summary(others.map((index) => outcomes[index] as Outcome))).toEqual(
      summary(others.map((index) => greedyAlone[index] as Outcome)),
    );
  });

  it('runs one sequence at a time with batching: false, with the same greedy text', async () => {
    const sequential = openPool(modelPath, false);
    try {
      const outcomes = await Promise.all(
        greedy.slice(0, 3).map(async (item) => {
          const report = await sequential.generate(item).report;
          return { text: report.text ?? '', report };
        }),
      );
      expect(sequential.stats()).toMatchObject({
        batchCapacity: 1,
        sequentialReason: expect.stringMatching(/batching: false/),
      });
      expect(summary(outcomes)).toEqual(summary(greedyAlone.slice(0, 3)));
    } finally {
      await sequential.close(new Error('test over'));
    }
  });
});
