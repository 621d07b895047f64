import { createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOnnxAdapter, type OnnxAdapter } from '../dist/index.js';
import { createWorkerPool } from '../dist/worker-pool.js';
import { hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

// A generation that would run for minutes if nothing stopped it: min_new_tokens keeps the model from
// ending its story (transformers.js generation options pass through providerOptions).
const endless = {
  temperature: 0,
  maxTokens: 200_000,
  providerOptions: { min_new_tokens: 200_000 },
} as const;

describe.skipIf(!hasStoriesModel)(`an abort ends a generation between two tokens${skipNote}`, () => {
  let adapter: OnnxAdapter;
  let llm: LLM;
  beforeAll(() => {
    adapter = createOnnxAdapter({ model: storiesPath(), workers: 1 });
    llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0, workers: 1 });
  });
  afterAll(async () => {
    await adapter.unload();
    await llm.unloadModel();
  });

  it('rejects a stream with the signal reason after its first chunk, and frees the worker', async () => {
    const controller = new AbortController();
    const reason = new Error('the user left');
    const stream = await llm.agenerate('Once upon a time', {
      ...endless,
      stream: true,
      signal: controller.signal,
    });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) {
          received.push(chunk.content);
          controller.abort(reason);
        }
      })(),
    ).rejects.toBe(reason);
    expect(received).toHaveLength(1);
    // The single worker is free again at once: the next call does not wait behind 200,000 tokens.
    const next = await llm.agenerate('Once upon a time', { temperature: 0, maxTokens: 8 });
    expect(next.usage.outputTokens).toBe(8);
  });

  it('rejects a plain call with the signal reason and leaves the pool idle', async () => {
    const controller = new AbortController();
    const call = adapter.doGenerate({
      model: storiesPath(),
      messages: [{ role: 'user', content: 'Once upon a time' }],
      ...endless,
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(adapter.poolStats(storiesPath())?.busyWorkers).toBe(1), {
      timeout: 30_000,
    });
    controller.abort('stop now');
    await expect(call).rejects.toBe('stop now');
    await vi.waitFor(() => expect(adapter.poolStats(storiesPath())?.busyWorkers).toBe(0), { timeout: 5_000 });
  });

  it('leaving a stream early stops its generation', async () => {
    const stream = await llm.agenerate('Once upon a time', { ...endless, stream: true });
    for await (const _chunk of stream) break;
    const next = await llm.agenerate('Tom had a red car.', { temperature: 0, maxTokens: 4 });
    expect(next.usage.outputTokens).toBe(4);
  });

  it('stops within a few forward passes of the abort (counted by the worker)', async () => {
    const pool = createWorkerPool({
      workerUrl: new URL('../dist/worker/onnx-worker.js', import.meta.url),
      size: 1,
      load: {
        model: 'stories260K',
        source: { kind: 'directory', path: storiesPath() },
        dtype: undefined,
        revision: undefined,
        threads: 1,
        allowRemoteModels: false,
        cacheDir: storiesPath(),
        remoteHost: undefined,
      },
    });
    try {
      let piecesAtCancel = -1;
      let pieces = 0;
      const job = pool.generate(
        {
          messages: [{ role: 'user', content: 'Once upon a time' }],
          maxNewTokens: 200_000,
          temperature: 0,
          topP: undefined,
          topK: undefined,
          seed: undefined,
          stop: [],
          enableThinking: undefined,
          stream: true,
          generationOptions: { min_new_tokens: 200_000 },
        },
        () => {
          pieces++;
          if (piecesAtCancel === -1) {
            piecesAtCancel = pieces;
            job.cancel();
          }
        },
      );
      const report = await job.report;
      expect(report.aborted).toBe(true);
      // Text is posted per token. Between the worker posting the first piece and this thread setting the
      // flag, a busy test machine may let it sample some more (at ~1 ms a token); once the flag is set it
      // stops after the current forward pass. 200,000 tokens were allowed.
      expect(report.outputTokens).toBeLessThanOrEqual(piecesAtCancel + 50);
    } finally {
      await pool.close(new Error('test over'));
    }
  });
});
