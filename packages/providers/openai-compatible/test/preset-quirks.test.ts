import { createLLM } from '@core/session';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('preset quirks', () => {
  it('vLLM constrains structured output with guided_json as well as response_format', async () => {
    mock.enqueue({ kind: 'text', text: '{"answer":42}' });
    const llm = createLLM('vllm', { baseUrl: mock.openaiBaseUrl, model: 'test-model' });
    const result = await llm.agenerate('The answer?', {
      responseModel: z.object({ answer: z.number() }),
      topK: 20,
    });
    expect(result).toEqual({ answer: 42 });
    const body = mock.requests[0]?.body as Record<string, unknown>;
    expect(body.guided_json).toEqual(expect.objectContaining({ type: 'object', required: ['answer'] }));
    expect(body.response_format).toEqual(expect.objectContaining({ type: 'json_schema' }));
    expect(body.top_k).toBe(20);
  });

  it('OpenRouter sends the key as a bearer token and the attribution headers', async () => {
    mock.enqueue({ kind: 'text', text: 'hi' });
    const llm = createLLM('openrouter', {
      baseUrl: mock.openaiBaseUrl,
      model: 'test-model',
      apiKey: 'sk-or-test-123456789',
      appUrl: 'https://example.org/app',
      appName: 'Example App',
    });
    await llm.agenerate('hello');
    const headers = mock.requests[0]?.headers ?? {};
    expect(headers.authorization).toBe('Bearer sk-or-test-123456789');
    expect(headers['http-referer']).toBe('https://example.org/app');
    expect(headers['x-title']).toBe('Example App');
  });

  it('OpenRouter without a key fails at the first call, naming OPENROUTER_API_KEY', async () => {
    const saved = process.env.OPENROUTER_API_KEY;
    delete process.env.OPENROUTER_API_KEY;
    try {
      const llm = createLLM('openrouter', { baseUrl: mock.openaiBaseUrl, model: 'test-model' });
      await expect(llm.agenerate('hello')).rejects.toThrow(/OPENROUTER_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.OPENROUTER_API_KEY = saved;
    }
    expect(mock.requests).toHaveLength(0);
  });

  it('LM Studio and vLLM take their base URL from the environment and send top_k; the generic one needs a base URL', async () => {
    const saved = process.env.LMSTUDIO_BASE_URL;
    process.env.LMSTUDIO_BASE_URL = mock.openaiBaseUrl;
    try {
      mock.enqueue({ kind: 'text', text: 'from lm studio' });
      const llm = createLLM('lmstudio');
      expect((await llm.agenerate('hi', { topK: 5 })).content).toBe('from lm studio');
      const body = mock.requests[0]?.body as Record<string, unknown>;
      expect(body.model).toBe('local-model');
      expect(body.top_k).toBe(5);
    } finally {
      if (saved === undefined) delete process.env.LMSTUDIO_BASE_URL;
      else process.env.LMSTUDIO_BASE_URL = saved;
    }
    await expect(createLLM('openai-compatible', { model: 'm' }).agenerate('hi')).rejects.toThrow(
      /baseUrl is required/,
    );
  });
});
