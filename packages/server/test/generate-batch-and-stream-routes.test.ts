import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonEvents, postSse } from './support/sse-client.js';
import { type Stack, startStack } from './support/start-stack.js';

let stack: Stack;
beforeAll(async () => {
  // Every /health probe asks the provider: these tests script its answers one by one.
  stack = await startStack({ server: { healthMaxAge: 0 } });
});
afterAll(() => stack.close());
beforeEach(() => stack.mock.reset());

async function postJson(
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /generate', () => {
  it('answers { response } with the model, finish reason and usage beside it', async () => {
    stack.mock.enqueue({ kind: 'text', text: 'Python is a language.', usage: { input: 5, output: 4 } });
    const { status, body } = await postJson('/generate', { prompt: 'What is Python?' });
    expect(status).toBe(200);
    expect(body).toEqual({
      response: 'Python is a language.',
      model: 'mock-model',
      finishReason: 'stop',
      usage: { inputTokens: 5, outputTokens: 4, totalTokens: 9 },
    });
  });

  it('passes its options to the call: system prompt, earlier messages, model, sampling, tools', async () => {
    stack.mock.enqueue({
      kind: 'text',
      toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { q: 'x' } }],
    });
    const { body } = await postJson('/generate', {
      prompt: 'and now?',
      systemPrompt: 'Be brief.',
      messages: [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'hi' },
      ],
      model: 'other-model',
      temperature: 0.5,
      maxTokens: 20,
      stop: 'END',
      tools: [{ name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
      toolChoice: 'required',
    });
    expect(body).toMatchObject({
      model: 'other-model',
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { q: 'x' } }],
    });
    expect(stack.mock.requests[0]?.body).toMatchObject({
      model: 'other-model',
      temperature: 0.5,
      max_tokens: 20,
      stop: ['END'],
      tool_choice: 'required',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'hi' },
        { role: 'user', content: 'and now?' },
      ],
    });
  });

  it('refuses unknown fields and wrong types with a 400 naming the field', async () => {
    const unknown = await postJson('/generate', { prompt: 'hi', temprature: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { type: 'invalid_request_error' } });
    const wrong = await postJson('/generate', { prompt: 'hi', messages: [{ role: 'robot', content: 'x' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: { param: 'messages[0].role' } });
    expect(stack.mock.requests).toHaveLength(0);
  });
});

describe('POST /batch', () => {
  it('answers every prompt in order, the calls running at the same time', async () => {
    stack.mock.setDefault({ latency: { beforeHeadersMs: 300 } });
    try {
      const prompts = Array.from({ length: 8 }, (_, index) => `prompt ${index}`);
      const startedAt = performance.now();
      const { status, body } = await postJson('/batch', { prompts });
      const elapsedMs = performance.now() - startedAt;
      expect(status).toBe(200);
      expect(body).toEqual({ responses: prompts.map((prompt) => `Echo: ${prompt}`) });
      // Eight calls of 300 ms each, one after another, would take 2.4 s and arrive 2.1 s apart.
      expect(elapsedMs).toBeLessThan(2000);
      const arrivals = stack.mock.requests.map((request) => request.receivedAt);
      expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(1000);
    } finally {
      stack.mock.setDefault({});
    }
  });

  it('gives a failed prompt an error entry and still answers the others', async () => {
    stack.mock.enqueue({ kind: 'status', status: 400 });
    const prompts = ['a', 'b', 'c'];
    const { status, body } = await postJson('/batch', { prompts });
    expect(status).toBe(200);
    const responses = body.responses as unknown[];
    expect(responses).toHaveLength(3);
    const failed = responses.filter((entry) => typeof entry !== 'string');
    expect(failed).toEqual([
      {
        error: {
          message: expect.stringContaining('Invalid request'),
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_request_error',
        },
      },
    ]);
    responses.forEach((entry, index) => {
      if (typeof entry === 'string') expect(entry).toBe(`Echo: ${prompts[index]}`);
    });
  });

  it('refuses an empty batch and one larger than maxBatchSize', async () => {
    expect((await postJson('/batch', { prompts: [] })).status).toBe(400);
    const tooMany = await postJson('/batch', { prompts: Array.from({ length: 101 }, () => 'x') });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ error: { param: 'prompts' } });
  });
});

describe('POST /stream', () => {
  it('streams JSON chunks as server-sent events, the last with finishReason and usage, then [DONE]', async () => {
    stack.mock.enqueue({ kind: 'text', chunks: ['Py', 'thon', '!'], usage: { input: 2, output: 3 } });
    const result = await postSse(`${stack.url}/stream`, { prompt: 'What is Python?' });
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(result.events.at(-1)).toBe('[DONE]');
    const chunks = jsonEvents(result);
    expect(chunks.slice(0, 3)).toEqual([{ content: 'Py' }, { content: 'thon' }, { content: '!' }]);
    expect(chunks.at(-1)).toEqual({
      content: '',
      finishReason: 'stop',
      usage: { inputTokens: 2, outputTokens: 3, totalTokens: 5 },
      model: 'mock-model',
    });
  });

  it('streams tool calls complete, once', async () => {
    stack.mock.enqueue({
      kind: 'text',
      toolCalls: [{ id: 'call_9', name: 'lookup', arguments: { q: 'y' } }],
    });
    const result = await postSse(`${stack.url}/stream`, {
      prompt: 'look it up',
      tools: [{ name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
    });
    const withCalls = jsonEvents<{ toolCalls?: unknown[] }>(result).filter((chunk) => chunk.toolCalls);
    expect(withCalls).toEqual([
      expect.objectContaining({ toolCalls: [{ id: 'call_9', name: 'lookup', arguments: { q: 'y' } }] }),
    ]);
  });

  it('a failure before the first chunk is an ordinary HTTP error', async () => {
    stack.mock.enqueue({ kind: 'status', status: 429, retryAfter: '2' });
    const result = await postSse(`${stack.url}/stream`, { prompt: 'hi' });
    expect(result.status).toBe(429);
    expect(result.headers['retry-after']).toBe('2');
    expect(JSON.parse(result.body)).toMatchObject({
      error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
    });
  });

  it('a failure mid-stream is an in-band error event, and the stream ends without [DONE]', async () => {
    stack.mock.enqueue({ kind: 'reset-mid-stream', afterChunks: 2 });
    const result = await postSse(`${stack.url}/stream`, { prompt: 'one two three four five' });
    expect(result.status).toBe(200);
    expect(result.events).not.toContain('[DONE]');
    const last = JSON.parse(result.events.at(-1) ?? '{}');
    expect(last).toEqual({
      error: {
        message: expect.any(String),
        type: 'upstream_error',
        param: null,
        code: 'upstream_connection_error',
      },
    });
    expect(jsonEvents(result).length).toBeGreaterThan(1);
  });
});

describe('GET /health', () => {
  it('reports the provider as up, from llm.health()', async () => {
    const response = await fetch(`${stack.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      provider: 'openai-compatible',
      model: 'mock-model',
      latencyMs: expect.any(Number),
    });
  });

  it('answers 503 when the provider does not answer, without its details', async () => {
    stack.mock.enqueue({ kind: 'status', status: 500, match: { path: '/v1/models' } });
    const response = await fetch(`${stack.url}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', error: 'upstream unreachable' });
  });
});
