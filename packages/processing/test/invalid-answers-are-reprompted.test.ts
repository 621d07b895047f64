import { ValidationError } from '@core/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Summarizer } from '../src/index.js';
import { answerReply, type MockStack, messagesOf, startMockStack } from './support/mock-stack.js';

const article =
  'Bees pollinate about a third of the crops people eat. Their numbers fell sharply this decade.';

let stack: MockStack;
beforeAll(async () => {
  stack = await startMockStack();
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  stack.mock.reset();
});

describe('a model that answers badly is re-prompted, then reported', () => {
  it('re-prompts after an answer that is not JSON, and the summary still arrives', async () => {
    stack.mock.enqueue(
      { kind: 'text', text: 'Sure! Bees are important pollinators.' },
      answerReply({
        summary: 'Bees pollinate crops and are declining.',
        keyPoints: ['Decline'],
        confidence: 0.8,
      }),
    );
    const result = await new Summarizer(stack.llm).summarize(article);
    expect(result.summary).toBe('Bees pollinate crops and are declining.');
    expect(stack.mock.requests).toHaveLength(2);
    const retry = messagesOf(stack.mock.requests[1] ?? { body: {} });
    expect(retry.some((message) => message.content.includes('Sure! Bees are important pollinators.'))).toBe(
      true,
    );
    expect(retry.at(-1)?.content).toMatch(/does not match the required JSON Schema/);
  });

  it('re-prompts a confidence outside [0, 1] and an empty summary', async () => {
    stack.mock.enqueue(
      answerReply({ summary: 'Bees matter.', keyPoints: ['Bees'], confidence: 7 }),
      answerReply({ summary: '', keyPoints: ['Bees'], confidence: 0.5 }),
      answerReply({ summary: 'Bees matter a lot.', keyPoints: ['Bees'], confidence: 0.6 }),
    );
    const result = await new Summarizer(stack.llm).summarize(article);
    expect(result.confidence).toBe(0.6);
    expect(result.summary).toBe('Bees matter a lot.');
    expect(messagesOf(stack.mock.requests[1] ?? { body: {} }).at(-1)?.content).toMatch(/confidence/);
  });

  it('gives the pipeline ValidationError when the model never answers validly (not a crash, not an empty summary)', async () => {
    // mock-llm's default reply, `Echo: <prompt>`, is never JSON.
    const error = await new Summarizer(stack.llm).summarize(article).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    const validationError = error as ValidationError;
    expect(validationError.attempts).toBe(3);
    expect(validationError.rawText).toMatch(/^Echo: /);
    expect(stack.mock.requests).toHaveLength(3);
  });

  it('counts words itself and ignores counts the model adds', async () => {
    stack.mock.enqueue({
      kind: 'text',
      text: JSON.stringify({
        summary: 'Bees pollinate crops; their numbers are falling.',
        keyPoints: ['Pollination', 'Decline'],
        confidence: 0.75,
        wordCountOriginal: 99_999,
        wordCountSummary: 12_345,
      }),
    });
    const result = await new Summarizer(stack.llm).summarize(article);
    expect(result).toEqual({
      summary: 'Bees pollinate crops; their numbers are falling.',
      keyPoints: ['Pollination', 'Decline'],
      confidence: 0.75,
      wordCountOriginal: 16,
      wordCountSummary: 7,
    });
  });

  it('reports the provider error of a failed call as it is', async () => {
    stack.mock.enqueue({ kind: 'status', status: 401 });
    await expect(new Summarizer(stack.llm).summarize(article)).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 401,
    });
  });
});
