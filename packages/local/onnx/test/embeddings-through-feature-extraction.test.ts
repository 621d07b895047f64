import { createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxAdapter } from '../dist/index.js';
import { hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

describe.skipIf(!hasStoriesModel)(`embed runs the model's feature-extraction pipeline${skipNote}`, () => {
  let llm: LLM;
  beforeAll(() => {
    llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0 });
  });
  afterAll(() => llm.unloadModel());

  it('returns one mean-pooled, normalized vector per input (64 numbers: the hidden size)', async () => {
    const vectors = await llm.embed(['Once upon a time', 'Tom had a red car.', 'Once upon a time']);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(64);
      expect(norm(vector)).toBeCloseTo(1, 4);
    }
    expect(vectors[2]).toEqual(vectors[0]);
    expect(vectors[1]).not.toEqual(vectors[0]);
    expect((await llm.capabilities()).embeddings).toBe(true);
  });

  it('reports the input tokens of the batch', async () => {
    const adapter = createOnnxAdapter({ model: storiesPath() });
    try {
      const result = await adapter.embed?.({ input: ['Once upon a time'], model: storiesPath() });
      // With BOS, as the model sees it: [1, 403, 407, 261, 378].
      expect(result?.usage).toEqual({ inputTokens: 5 });
    } finally {
      await adapter.unload();
    }
  });
});
