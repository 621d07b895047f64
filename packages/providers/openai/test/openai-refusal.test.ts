import { readFile } from 'node:fs/promises';
import { createLLM } from '@core/session';
import type { GenerateChunk, LLM } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

let mock: MockLlm;
let llm: LLM;
beforeAll(async () => {
  mock = await startMockLlm();
  llm = createLLM('openai', {
    baseUrl: mock.openaiBaseUrl,
    apiKey: 'sk-test-refusal-0123456789',
    maxRetries: 0,
  });
});
afterAll(async () => {
  await llm.unloadModel();
  await mock.close();
});
beforeEach(() => mock.reset());

const refusalText = "I'm sorry, I can't help with that.";

describe('refusals', () => {
  it('a non-stream refusal is the content, with finishReason content_filter and the raw stop kept', async () => {
    const body = await fixture('openai-refusal.json');
    expect(
      (JSON.parse(body) as { choices: Array<{ message: { refusal: string } }> }).choices[0]?.message.refusal,
    ).toBe(refusalText);
    mock.enqueue({ kind: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body });
    const response = await llm.agenerate('something disallowed');
    expect(response.content).toBe(refusalText);
    expect(response.finishReason).toBe('content_filter');
    expect(response.rawFinishReason).toBe('stop');
  });

  it('a streamed refusal is the content too, and ends with content_filter and its usage', async () => {
    const body = await fixture('openai-refusal.sse');
    mock.enqueue({ kind: 'raw', status: 200, headers: { 'content-type': 'text/event-stream' }, body });
    const chunks: GenerateChunk[] = [];
    for await (const chunk of await llm.agenerate('something disallowed', { stream: true }))
      chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.content).join('')).toBe(refusalText);
    expect(chunks.at(-1)).toMatchObject({
      finishReason: 'content_filter',
      rawFinishReason: 'stop',
      usage: { inputTokens: 21, outputTokens: 9, totalTokens: 30 },
    });
  });
});
