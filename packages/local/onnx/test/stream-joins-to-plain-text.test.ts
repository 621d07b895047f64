import { createLLM } from '@core/session';
import type { GenerateChunk, LLM } from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuationOf, goldens, hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

describe.skipIf(!hasStoriesModel)(`a stream joins to the plain call's text${skipNote}`, () => {
  let llm: LLM;
  beforeAll(() => {
    llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0 });
  });
  afterAll(() => llm.unloadModel());

  it.each(goldens)(
    '"$prompt": chunks as tokens arrive, the last with finish reason and usage',
    async (golden) => {
      const plain = await llm.agenerate(golden.prompt, { temperature: 0, maxTokens: 32 });
      const chunks: GenerateChunk[] = [];
      for await (const chunk of await llm.agenerate(golden.prompt, {
        temperature: 0,
        maxTokens: 32,
        stream: true,
      })) {
        chunks.push(chunk);
      }
      const text = chunks.map((chunk) => chunk.content).join('');
      expect(text).toBe(plain.content);
      expect(text).toBe(continuationOf(golden));
      // Text leaves the worker token by token: far more than one chunk for 32 tokens.
      expect(chunks.length).toBeGreaterThan(8);
      expect(chunks.slice(0, -1).every((chunk) => chunk.finishReason === undefined)).toBe(true);
      expect(chunks.at(-1)).toMatchObject({
        finishReason: 'length',
        usage: plain.usage,
      });
    },
  );

  it('resolves `completion` to the same response a plain call gives', async () => {
    const stream = await llm.agenerate('Once upon a time', { temperature: 0, maxTokens: 32, stream: true });
    for await (const _chunk of stream) {
      // read to the end
    }
    const response = await stream.completion;
    expect(response.content).toBe(continuationOf(goldens[0]));
    expect(response.usage).toEqual({ inputTokens: 5, outputTokens: 32, totalTokens: 37 });
  });
});
