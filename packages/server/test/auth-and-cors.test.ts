import { createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, serve } from '../src/index.js';
import { postSse } from './support/sse-client.js';

const token = 'correct-horse-battery-staple';
let mock: MockLlm;
let llm: LLM;

beforeAll(async () => {
  mock = await startMockLlm();
  llm = createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'mock-model', maxRetries: 0 });
});
afterAll(async () => {
  await llm.unloadModel();
  await mock.close();
});
beforeEach(() => mock.reset());

describe('bearer token', () => {
  const app = () => createServer({ llm, authToken: token });

  it.each([
    ['no header', undefined, 'Missing bearer token'],
    ['a wrong token', `Bearer ${token}x`, 'Incorrect API key provided'],
    ['a prefix of the token', `Bearer ${token.slice(0, 5)}`, 'Incorrect API key provided'],
    ['another scheme', `Basic ${token}`, 'Missing bearer token'],
  ])(
    'refuses %s with a 401 in OpenAI shape, before any upstream call',
    async (_case, authorization, message) => {
      const server = app();
      const response = await server.inject({
        method: 'POST',
        url: '/generate',
        payload: { prompt: 'hi' },
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json()).toEqual({
        error: {
          message: expect.stringContaining(message),
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
      expect(mock.requests).toHaveLength(0);
      await server.close();
    },
  );

  it('lets the right token through on every protected route', async () => {
    const server = app();
    const headers = { authorization: `Bearer ${token}` };
    const generate = await server.inject({
      method: 'POST',
      url: '/generate',
      payload: { prompt: 'hi' },
      headers,
    });
    expect(generate.statusCode).toBe(200);
    const models = await server.inject({ method: 'GET', url: '/v1/models', headers });
    expect(models.statusCode).toBe(200);
    for (const url of ['/v1/models', '/v1/models/mock-model']) {
      expect((await server.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    for (const url of ['/generate', '/batch', '/stream', '/v1/chat/completions']) {
      expect((await server.inject({ method: 'POST', url, payload: {} })).statusCode).toBe(401);
    }
    await server.close();
  });

  it('leaves /health open, for load balancers', async () => {
    const server = app();
    expect((await server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await server.close();
  });

  it('refuses an empty token at construction', () => {
    expect(() => createServer({ llm, authToken: '' })).toThrow(TypeError);
  });
});

describe('CORS', () => {
  it('is off unless asked for', async () => {
    const server = createServer({ llm });
    const response = await server.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://app.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    await server.close();
  });

  it('answers preflights without credentials, then adds its headers to authenticated answers', async () => {
    const server = createServer({ llm, authToken: token, cors: { origin: 'https://app.example' } });
    const preflight = await server.inject({
      method: 'OPTIONS',
      url: '/v1/chat/completions',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-stainless-os',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
    expect(preflight.headers['access-control-allow-headers']).toContain('x-stainless-os');

    const answer = await server.inject({
      method: 'POST',
      url: '/generate',
      payload: { prompt: 'hi' },
      headers: { origin: 'https://app.example', authorization: `Bearer ${token}` },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(answer.headers['access-control-expose-headers']).toContain('retry-after');
    await server.close();
  });

  it('reaches server-sent event streams too (real socket)', async () => {
    const running = await serve({ llm, port: 0, cors: true });
    try {
      const result = await postSse(
        `${running.url}/stream`,
        { prompt: 'hi' },
        { headers: { origin: 'https://x.example' } },
      );
      expect(result.status).toBe(200);
      expect(result.headers['access-control-allow-origin']).toBe('*');
      expect(result.events.at(-1)).toBe('[DONE]');
    } finally {
      await running.app.close();
    }
  });
});
