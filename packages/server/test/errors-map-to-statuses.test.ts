import { createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';

// The server's answers to bad input and to each upstream failure, through `app.inject()` (no socket is needed
// on our side); the upstream is mock-llm over real sockets, scripted to fail the way providers do.

const upstreamKey = 'sk-upstream-secret-key-0123456789';
let mock: MockLlm;
let llm: LLM;
let app: FastifyInstance;

beforeAll(async () => {
  mock = await startMockLlm();
  llm = createLLM('openai-compatible', {
    baseUrl: mock.openaiBaseUrl,
    model: 'mock-model',
    apiKey: upstreamKey,
    maxRetries: 0,
  });
  app = createServer({ llm, bodyLimit: 4096 });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await llm.unloadModel();
  await mock.close();
});
beforeEach(() => mock.reset());

const chat = (payload: unknown) =>
  app.inject({ method: 'POST', url: '/v1/chat/completions', payload: payload as Record<string, unknown> });
const hello = { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] };

describe('bad input', () => {
  it('a body that fails its schema is a 400 in OpenAI shape, with the param', async () => {
    const response = await chat({ model: 'mock-model', messages: [{ role: 'user' }] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        message: expect.stringContaining('content'),
        type: 'invalid_request_error',
        param: 'messages[0].content',
        code: 'invalid_request',
      },
    });
  });

  it('a wrong type is refused, not coerced', async () => {
    const response = await chat({ ...hello, temperature: '0.5' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe('temperature');
  });

  it('n above 1 is refused rather than silently answered once', async () => {
    const response = await chat({ ...hello, n: 2 });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.param).toBe('n');
  });

  it('an unsupported content part is a 400 naming it', async () => {
    const response = await chat({
      messages: [
        { role: 'user', content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }] },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ param: 'messages[0].content[0]', code: 'unsupported' });
  });

  it('malformed JSON is a 400 in the same shape', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      payload: '{"messages": [',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_json' } });
  });

  it('a body over bodyLimit is a 413', async () => {
    const response = await chat({ ...hello, messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'request_too_large' } });
  });

  it('a body that is not JSON is a 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/generate',
      headers: { 'content-type': 'application/xml' },
      payload: '<prompt>hello</prompt>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('an unknown route is a 404 in the same shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'not_found' } });
  });

  it("an option agenerate rejects (TypeError, RangeError) is the caller's 400", async () => {
    const noModel = createServer({
      llm: createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, maxRetries: 0 }),
    });
    const response = await noModel.inject({ method: 'POST', url: '/generate', payload: { prompt: 'hi' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('No model');
    await noModel.close();
  });

  it('response_format json_object reaches the provider as its JSON mode', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      payload: { ...hello, response_format: { type: 'json_object' } },
    });
    expect(response.statusCode).toBe(200);
    expect(mock.requests.at(-1)?.body).toMatchObject({ response_format: { type: 'json_object' } });
  });
});

describe('upstream failures', () => {
  it.each([
    [{ kind: 'status', status: 429, retryAfter: '3' } as const, 429, 'rate_limit_exceeded'],
    [{ kind: 'status', status: 400 } as const, 400, 'invalid_request_error'],
    [
      {
        kind: 'status',
        status: 400,
        body: {
          error: {
            message: 'too many tokens',
            type: 'invalid_request_error',
            code: 'context_length_exceeded',
          },
        },
      } as const,
      400,
      'context_length_exceeded',
    ],
    [{ kind: 'status', status: 404 } as const, 404, 'model_not_found'],
    [{ kind: 'status', status: 500 } as const, 502, 'server_error'],
    [{ kind: 'status', status: 503 } as const, 502, 'server_error'],
    [{ kind: 'reset-before-headers' } as const, 502, 'upstream_connection_error'],
  ])('%j becomes a %i', async (upstream, status, code) => {
    mock.enqueue(upstream);
    const response = await chat(hello);
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
  });

  it('a 429 carries Retry-After when the provider gave one', async () => {
    mock.enqueue({ kind: 'status', status: 429, retryAfter: '3' });
    const response = await chat(hello);
    expect(response.headers['retry-after']).toBe('3');
    expect(response.headers['retry-after-ms']).toBe('3000');
  });

  it('a timeout upstream is a 504', async () => {
    mock.enqueue({ kind: 'hang' });
    const response = await app.inject({
      method: 'POST',
      url: '/generate',
      payload: { prompt: 'hi', timeout: 150 },
    });
    expect(response.statusCode).toBe(504);
    expect(response.json().error).toMatchObject({ type: 'timeout_error', code: 'upstream_timeout' });
  });

  it("an upstream 401 is a 502 with the provider's message and never its key", async () => {
    mock.enqueue({
      kind: 'status',
      status: 401,
      body: {
        error: { message: `Incorrect API key provided: ${upstreamKey}`, type: 'invalid_request_error' },
      },
    });
    const response = await chat(hello);
    expect(response.statusCode).toBe(502);
    expect(response.json().error.code).toBe('upstream_authentication_failed');
    expect(response.json().error.message).toContain('Incorrect API key provided');
    expect(response.body).not.toContain(upstreamKey);
    expect(JSON.stringify(response.headers)).not.toContain(upstreamKey);
  });
});

describe('extending the app', () => {
  it("a hook's own error reply passes through the routes' error schemas", async () => {
    const extended = createServer({ llm });
    extended.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/v1/chat/completions')) {
        await reply
          .code(503)
          .header('retry-after', '1')
          .send({ error: { message: 'overloaded on purpose', type: 'server_error', code: null } });
      }
    });
    const response = await extended.inject({ method: 'POST', url: '/v1/chat/completions', payload: hello });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: { message: 'overloaded on purpose', type: 'server_error', code: null },
    });
    await extended.close();
  });
});
