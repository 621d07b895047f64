import { createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxAdapter, type OnnxAdapter } from '../dist/index.js';
import { continuationOf, goldens, hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

describe.skipIf(!hasStoriesModel)(`several requests at once${skipNote}`, () => {
  let llm: LLM;
  beforeAll(() => {
    llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0, workers: 2, temperature: 0 });
  });
  afterAll(() => llm.unloadModel());

  it('two concurrent requests with 2 workers both complete, each with its golden', async () => {
    const [once, tom] = await Promise.all(
      goldens.map((golden) => llm.agenerate(golden.prompt, { maxTokens: 32 })),
    );
    expect(once?.content).toBe(continuationOf(goldens[0]));
    expect(tom?.content).toBe(continuationOf(goldens[1]));
  });

  it('streams and plain calls mixed, more requests than workers: all complete in full', async () => {
    const calls = Array.from({ length: 6 }, async (_, index) => {
      const golden = goldens[index % 2] as (typeof goldens)[number];
      if (index % 3 === 0) {
        const parts: string[] = [];
        for await (const chunk of await llm.agenerate(golden.prompt, { maxTokens: 32, stream: true })) {
          parts.push(chunk.content);
        }
        return parts.join('') === continuationOf(golden);
      }
      return (await llm.agenerate(golden.prompt, { maxTokens: 32 })).content === continuationOf(golden);
    });
    expect(await Promise.all(calls)).toEqual([true, true, true, true, true, true]);
  });

  it('runs long generations on two workers at once, and answers countTokens meanwhile', async () => {
    const adapter: OnnxAdapter = createOnnxAdapter({ model: storiesPath(), workers: 2 });
    try {
      const long = { temperature: 0, maxTokens: 600, providerOptions: { min_new_tokens: 600 } };
      const generations = [0, 1].map(() =>
        adapter.doGenerate({
          model: storiesPath(),
          messages: [{ role: 'user', content: 'Once upon a time' }],
          ...long,
        }),
      );
      const counted = await adapter.countTokens?.('Once upon a time', storiesPath());
      expect(counted).toBe(4);
      const results = await Promise.all(generations);
      expect(results.map((result) => result.usage.outputTokens)).toEqual([600, 600]);
      expect(adapter.poolStats(storiesPath())).toMatchObject({ workers: 2, startedWorkers: 2 });
    } finally {
      await adapter.unload();
    }
  });
});
