import { BasicSession, createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuationOf, goldens, hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

describe.skipIf(!hasStoriesModel)(`BasicSession on a local model${skipNote}`, () => {
  let llm: LLM;
  beforeAll(() => {
    llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0, temperature: 0, maxTokens: 32 });
  });
  afterAll(() => llm.unloadModel());

  it('keeps the conversation and generates each turn through the chat template', async () => {
    const session = new BasicSession({ provider: llm, systemPrompt: 'Tell stories.' });
    const first = await session.agenerate('Once upon a time');
    // The synthetic template keeps only user turns: the first turn is the golden's prompt.
    expect(first.content).toBe(continuationOf(goldens[0]));
    const second = await session.agenerate('Tom had a red car.');
    expect(second.content.length).toBeGreaterThan(0);
    expect(session.conversationHistory.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(session.conversationHistory[2]).toEqual({ role: 'assistant', content: first.content });
  });

  it('streams a turn into the history', async () => {
    const session = new BasicSession({ provider: llm });
    const stream = await session.agenerate('Once upon a time', { stream: true });
    const parts: string[] = [];
    for await (const chunk of stream) parts.push(chunk.content);
    expect(parts.join('')).toBe(continuationOf(goldens[0]));
    expect(session.conversationHistory.at(-1)).toEqual({
      role: 'assistant',
      content: continuationOf(goldens[0]),
    });
  });

  it('reports what the provider offers', async () => {
    expect(await llm.capabilities()).toEqual({
      tools: false,
      structuredOutput: 'none',
      images: false,
      embeddings: true,
    });
    expect(await llm.health()).toMatchObject({ ok: true });
    expect((await llm.listModels()).map((model) => model.id)).toContain(storiesPath());
  });
});
