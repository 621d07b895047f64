import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLLM } from '@core/session';
import { ModelNotFoundError, ProviderAPIError } from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuationOf, goldens, hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

const metadataFiles = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('a model directory that does not exist', () => {
  it('is a ModelNotFoundError naming the path, before any worker starts', async () => {
    const missing = join(tmpdir(), 'abstractcore-onnx-no-such-model', 'stories');
    const llm = createLLM('onnx', { model: missing, maxRetries: 0 });
    for (const stream of [false, true]) {
      const error = await failureOf(async () => {
        const result = await llm.agenerate('Once upon a time', { stream });
        if (stream) for await (const _chunk of result as AsyncIterable<unknown>);
      });
      expect(ModelNotFoundError.isInstance(error), `stream: ${stream}`).toBe(true);
      expect((error as Error).message).toContain(missing);
      expect(error).toMatchObject({ provider: 'onnx', retryable: false });
    }
    await expect(llm.countTokens('hello')).rejects.toSatisfy(ModelNotFoundError.isInstance);
    await llm.unloadModel();
  });
});

describe.skipIf(!hasStoriesModel)(`model files that are missing or broken${skipNote}`, () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'abstractcore-onnx-broken-'));
    for (const name of ['no-weights', 'corrupt']) {
      await mkdir(join(directory, name, 'onnx'), { recursive: true });
      for (const file of metadataFiles)
        await copyFile(join(storiesPath(), file), join(directory, name, file));
    }
    await writeFile(join(directory, 'corrupt', 'onnx', 'model.onnx'), 'this is not a protobuf, just text');
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('a missing onnx/model.onnx is a ModelNotFoundError naming that file', async () => {
    const llm = createLLM('onnx', { model: join(directory, 'no-weights'), maxRetries: 0 });
    const error = await failureOf(() => llm.agenerate('Once upon a time', { maxTokens: 4 }));
    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(join(directory, 'no-weights', 'onnx', 'model.onnx'));
    await llm.unloadModel();
  });

  it('a corrupt model file is a clear, non-retryable error; the same LLM then runs a good model', async () => {
    const llm = createLLM('onnx', { model: join(directory, 'corrupt'), maxRetries: 2 });
    const error = await failureOf(() => llm.agenerate('Once upon a time', { maxTokens: 4 }));
    expect(ProviderAPIError.isInstance(error)).toBe(true);
    expect(ModelNotFoundError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ code: 'model_load_failed', retryable: false });
    expect((error as Error).message).toContain(`could not be loaded`);
    expect((error as Error).message).toContain(join(directory, 'corrupt'));
    // Queued requests behind the failed load fail too, instead of waiting forever.
    const both = await Promise.allSettled([
      llm.agenerate('Once upon a time', { maxTokens: 4 }),
      llm.agenerate('Once upon a time', { maxTokens: 4 }),
    ]);
    expect(both.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    const good = await llm.agenerate('Once upon a time', {
      model: storiesPath(),
      temperature: 0,
      maxTokens: 32,
    });
    expect(good.content).toBe(continuationOf(goldens[0]));
    await llm.unloadModel();
  });
});
