import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLLM } from '@core/session';
import { ModelNotFoundError } from '@core/types';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OnnxLoadProgress } from '../dist/index.js';
import { type LoopbackHub, serveHubLayout } from './fixtures/serve-hub-layout.js';
import { continuationOf, goldens, hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

const repository = 'test-org/stories260K';

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe.skipIf(!hasStoriesModel)(
  `hub ids download through the hub layout, or refuse to offline${skipNote}`,
  () => {
    let hub: LoopbackHub;
    let directory: string;
    beforeAll(async () => {
      hub = await serveHubLayout(storiesPath(), repository);
      directory = await mkdtemp(join(tmpdir(), 'abstractcore-onnx-cache-'));
    });
    afterAll(async () => {
      await hub.close();
      await rm(directory, { recursive: true, force: true });
    });
    // The machine's own ONNX_OFFLINE must not decide the download cases; the offline cases set it themselves.
    beforeEach(() => {
      vi.stubEnv('ONNX_OFFLINE', '');
    });
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('downloads into cacheDir from {host}/{model}/resolve/{revision}/{file}, reporting progress', async () => {
      const progress: OnnxLoadProgress[] = [];
      const llm = createLLM('onnx', {
        model: repository,
        remoteHost: hub.url,
        cacheDir: join(directory, 'warm'),
        onProgress: (update: OnnxLoadProgress) => progress.push(update),
        maxRetries: 0,
      });
      const response = await llm.agenerate('Once upon a time', { temperature: 0, maxTokens: 32 });
      expect(response.content).toBe(continuationOf(goldens[0]));
      expect(hub.requests).toContain(`/${repository}/resolve/main/onnx/model.onnx`);
      expect(hub.requests).toContain(`/${repository}/resolve/main/tokenizer.json`);
      const weights = progress.filter((update) => update.file === 'onnx/model.onnx');
      expect(weights.map((update) => update.status)).toEqual(
        expect.arrayContaining(['initiate', 'download', 'progress', 'done']),
      );
      const lastBytes = weights.filter((update) => update.status === 'progress').at(-1);
      expect(lastBytes?.loaded).toBe(lastBytes?.total);
      expect(lastBytes?.total).toBeGreaterThan(1_000_000);
      expect(progress.at(-1)).toMatchObject({ status: 'ready', model: repository });
      await llm.unloadModel();
    });

    it('offline, a cached model loads without a single request', async () => {
      const before = hub.requests.length;
      const llm = createLLM('onnx', {
        model: repository,
        remoteHost: hub.url,
        cacheDir: join(directory, 'warm'),
        allowRemoteModels: false,
        maxRetries: 0,
      });
      const response = await llm.agenerate('Once upon a time', { temperature: 0, maxTokens: 32 });
      expect(response.content).toBe(continuationOf(goldens[0]));
      expect(hub.requests.length).toBe(before);
      await llm.unloadModel();
    });

    it.each([
      ['allowRemoteModels: false', { allowRemoteModels: false }, undefined],
      ['ONNX_OFFLINE=1', {}, '1'],
      ['ONNX_OFFLINE=1 over allowRemoteModels: true', { allowRemoteModels: true }, '1'],
    ])(
      '%s refuses to download a model that is not cached, with a clear error',
      async (_name, options, offline) => {
        if (offline !== undefined) vi.stubEnv('ONNX_OFFLINE', offline);
        const before = hub.requests.length;
        const cacheDir = join(directory, `cold-${Math.random().toString(36).slice(2)}`);
        const llm = createLLM('onnx', {
          model: repository,
          remoteHost: hub.url,
          cacheDir,
          maxRetries: 0,
          ...options,
        });
        const error = await failureOf(() => llm.agenerate('Once upon a time', { maxTokens: 4 }));
        expect(ModelNotFoundError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ code: 'offline', retryable: false });
        expect((error as Error).message).toContain(repository);
        expect((error as Error).message).toContain('downloads are off');
        expect((error as Error).message).toContain(cacheDir);
        expect(hub.requests.length).toBe(before);
        await llm.unloadModel();
      },
    );

    it('a repository the hub does not have is a ModelNotFoundError', async () => {
      const llm = createLLM('onnx', {
        model: 'test-org/no-such-model',
        remoteHost: hub.url,
        cacheDir: join(directory, 'missing'),
        maxRetries: 0,
      });
      const error = await failureOf(() => llm.agenerate('Once upon a time', { maxTokens: 4 }));
      expect(ModelNotFoundError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('test-org/no-such-model');
      await llm.unloadModel();
    });
  },
);
