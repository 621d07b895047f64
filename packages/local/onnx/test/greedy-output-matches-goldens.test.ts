import { createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuationOf, goldens, hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

describe.skipIf(!hasStoriesModel)(`greedy generation reproduces the model's goldens${skipNote}`, () => {
  let llm: LLM;
  beforeAll(() => {
    llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0 });
  });
  afterAll(() => llm.unloadModel());

  it.each(goldens)('"$prompt", 32 new tokens, temperature 0', async (golden) => {
    const response = await llm.agenerate(golden.prompt, { temperature: 0, maxTokens: 32 });
    expect(response.content).toBe(continuationOf(golden));
    expect(response).toMatchObject({
      provider: 'onnx',
      model: storiesPath(),
      finishReason: 'length',
      rawFinishReason: 'max_new_tokens',
      // The real tokenizer's counts: the templated prompt (BOS + text) and every new token.
      usage: {
        inputTokens: golden.promptTokenIds.length,
        outputTokens: 32,
        totalTokens: golden.promptTokenIds.length + 32,
      },
    });
  });

  it('counts tokens with the real tokenizer (the text alone, no BOS)', async () => {
    for (const golden of goldens) {
      expect(await llm.countTokens(golden.prompt)).toBe(golden.promptTokenIds.length - 1);
    }
  });

  it('takes the same path for a messages array as for a string prompt', async () => {
    const [golden] = goldens;
    const response = await llm.agenerate([{ role: 'user', content: golden.prompt }], {
      temperature: 0,
      maxTokens: 32,
    });
    expect(response.content).toBe(continuationOf(golden));
  });

  it('ends with finishReason stop when the model emits its end token', async () => {
    // stories260K ends a story with <s>; 400 tokens is room enough for one to end.
    const response = await llm.agenerate('Once upon a time', { temperature: 0, maxTokens: 400 });
    expect(response.finishReason).toBe('stop');
    expect(response.rawFinishReason).toBe('eos_token');
    expect(response.usage.outputTokens).toBeLessThan(400);
  });
});
