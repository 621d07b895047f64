import { ProviderAPIError } from '@core/types';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerGenerateRequest } from '../dist/worker-messages.js';
import { createWorkerPool, type WorkerPool } from '../dist/worker-pool.js';
import { continuationOf, goldens, hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

function request(prompt: string, overrides: Partial<WorkerGenerateRequest> = {}): WorkerGenerateRequest {
  return {
    messages: [{ role: 'user', content: prompt }],
    maxNewTokens: 32,
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

describe.skipIf(!hasStoriesModel)(`a worker that dies fails only its own requests${skipNote}`, () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close(new Error('test over'));
  });

  it.each([1, 2])(
    'with %i worker(s): the crash fails its request; queued and later ones run on a replacement',
    async (size) => {
      pool = createWorkerPool({
        workerUrl: new URL('./fixtures/crashing-onnx-worker.mjs', import.meta.url),
        size,
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
      // Long enough that the crash lands mid-generation.
      const doomed = pool.generate(
        request('CRASH Once upon a time', {
          maxNewTokens: 100_000,
          generationOptions: { min_new_tokens: 100_000 },
        }),
      );
      const queued = pool.generate(request(goldens[0].prompt));
      const failure = await doomed.report.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(ProviderAPIError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({ code: 'worker_exited', provider: 'onnx' });
      expect((failure as Error).message).toContain('simulated worker crash');
      expect((await queued.report).text).toBe(continuationOf(goldens[0]));
      const later = await pool.generate(request(goldens[1].prompt)).report;
      expect(later.text).toBe(continuationOf(goldens[1]));
      expect(pool.stats().startedWorkers).toBeGreaterThanOrEqual(2);
      expect(await pool.countTokens(goldens[0].prompt)).toBe(4);
    },
  );
});
