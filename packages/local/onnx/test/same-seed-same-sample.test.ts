import { createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

const sample = { temperature: 1, maxTokens: 40 } as const;

describe.skipIf(!hasStoriesModel)(`sampling is seeded per request${skipNote}`, () => {
  let llm: LLM;
  beforeAll(() => {
    llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0, workers: 2 });
  });
  afterAll(() => llm.unloadModel());

  it('gives the same text for the same seed, whatever ran before, and another text for another seed', async () => {
    const first = await llm.agenerate('Once upon a time', { ...sample, seed: 7 });
    await llm.agenerate('Once upon a time', { ...sample, seed: 8 }); // moves the worker's generator on
    await llm.agenerate('Once upon a time', { ...sample }); // unseeded: reseeded from entropy
    const again = await llm.agenerate('Once upon a time', { ...sample, seed: 7 });
    expect(again.content).toBe(first.content);
    const others = await Promise.all(
      [1, 2, 3].map((seed) => llm.agenerate('Once upon a time', { ...sample, seed })),
    );
    const texts = new Set([first.content, ...others.map((response) => response.content)]);
    expect(texts.size).toBeGreaterThan(1);
  });

  it('gives the same text on either of two workers running at once', async () => {
    const [one, two] = await Promise.all([
      llm.agenerate('Tom had a red car.', { ...sample, seed: 42 }),
      llm.agenerate('Tom had a red car.', { ...sample, seed: 42 }),
    ]);
    expect(one.content).toBe(two.content);
    const streamed: string[] = [];
    for await (const chunk of await llm.agenerate('Tom had a red car.', {
      ...sample,
      seed: 42,
      stream: true,
    })) {
      streamed.push(chunk.content);
    }
    expect(streamed.join('')).toBe(one.content);
  });

  it('samples from fewer tokens with a small topP or topK (same seed, less variety)', async () => {
    const greedy = await llm.agenerate('Once upon a time', { temperature: 0, maxTokens: 40 });
    // topK 1 and a tiny topP both leave only the most likely token: sampling becomes greedy.
    const topK = await llm.agenerate('Once upon a time', { ...sample, seed: 3, topK: 1 });
    const topP = await llm.agenerate('Once upon a time', { ...sample, seed: 3, topP: 0.01 });
    expect(topK.content).toBe(greedy.content);
    expect(topP.content).toBe(greedy.content);
  });
});
