import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  lengthDefinitions,
  Summarizer,
  styleDefinitions,
  summaryLengths,
  summaryStyles,
} from '../src/index.js';
import {
  answerReply,
  type MockStack,
  promptOf,
  startMockStack,
  systemPromptOf,
} from './support/mock-stack.js';

const article =
  'The city council voted to extend the tram line to the harbour district by 2027. The extension costs 48 million euros.';
const answer = {
  summary: 'The council extends the tram line.',
  keyPoints: ['Tram to the harbour'],
  confidence: 0.9,
};

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

describe('every style and length changes what the model is asked', () => {
  it('sends each style its own instruction, and no two styles the same system prompt', async () => {
    const summarizer = new Summarizer(stack.llm);
    const systemPrompts = new Map<string, string>();
    for (const style of summaryStyles) {
      stack.mock.enqueue(answerReply(answer));
      await summarizer.summarize(article, { style });
      const request = stack.mock.requests.at(-1);
      if (request === undefined) throw new Error('no request');
      const systemPrompt = systemPromptOf(request);
      expect(systemPrompt).toContain(styleDefinitions[style].instruction);
      for (const other of summaryStyles) {
        if (other !== style) expect(systemPrompt).not.toContain(styleDefinitions[other].instruction);
      }
      expect(promptOf(request)).toContain(article);
      systemPrompts.set(style, systemPrompt);
    }
    expect(new Set(systemPrompts.values()).size).toBe(summaryStyles.length);
  });

  it('sends each length its own instruction and answer budget', async () => {
    const summarizer = new Summarizer(stack.llm);
    const systemPrompts = new Set<string>();
    const maxTokens = new Set<unknown>();
    for (const length of summaryLengths) {
      stack.mock.enqueue(answerReply(answer));
      await summarizer.summarize(article, { length, contextTokens: 128_000 });
      const request = stack.mock.requests.at(-1);
      if (request === undefined) throw new Error('no request');
      const systemPrompt = systemPromptOf(request);
      expect(systemPrompt).toContain(lengthDefinitions[length].instruction);
      for (const other of summaryLengths) {
        if (other !== length) expect(systemPrompt).not.toContain(lengthDefinitions[other].instruction);
      }
      systemPrompts.add(systemPrompt);
      const body = request.body as { max_tokens?: number; max_completion_tokens?: number };
      maxTokens.add(body.max_tokens ?? body.max_completion_tokens);
    }
    expect(systemPrompts.size).toBe(summaryLengths.length);
    // Longer summaries may take longer answers.
    expect([...maxTokens]).toEqual(summaryLengths.map((length) => lengthDefinitions[length].answerTokens));
  });

  it('puts the focus in the prompt, and uses structured and standard by default', async () => {
    const summarizer = new Summarizer(stack.llm);
    stack.mock.enqueue(answerReply(answer), answerReply(answer));
    await summarizer.summarize(article, { focus: 'the cost to taxpayers' });
    await summarizer.summarize(article);
    const [focused, plain] = stack.mock.requests;
    if (focused === undefined || plain === undefined) throw new Error('missing requests');
    expect(systemPromptOf(focused)).toContain('the cost to taxpayers');
    expect(systemPromptOf(plain)).not.toContain('Focus:');
    expect(systemPromptOf(plain)).toContain(styleDefinitions.structured.instruction);
    expect(systemPromptOf(plain)).toContain(lengthDefinitions.standard.instruction);
  });

  it('asks for the answer through the pipeline response model (a JSON schema on the wire)', async () => {
    stack.mock.enqueue(answerReply(answer));
    await new Summarizer(stack.llm).summarize(article);
    const body = stack.mock.requests[0]?.body as {
      response_format?: { type?: string; json_schema?: unknown };
    };
    expect(body.response_format?.type).toBe('json_schema');
    expect(JSON.stringify(body.response_format?.json_schema)).toContain('keyPoints');
  });

  it('rejects an unknown style or length, naming the choices', async () => {
    const summarizer = new Summarizer(stack.llm);
    // @ts-expect-error: not a style
    await expect(summarizer.summarize(article, { style: 'poetic' })).rejects.toThrow(
      /style must be one of structured/,
    );
    // @ts-expect-error: not a length
    await expect(summarizer.summarize(article, { length: 'tiny' })).rejects.toThrow(RangeError);
    await expect(summarizer.summarize('   ')).rejects.toThrow(/nothing to summarize/);
    await expect(summarizer.summarize(article, { contextTokens: 0 })).rejects.toThrow(/contextTokens/);
    expect(stack.mock.requests).toHaveLength(0);
  });
});
