import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockLlm } from '../src/index.js';
import { startMockLlm } from '../src/index.js';
import { chatBody, getText, postJson } from './http-client.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

describe('status replies', () => {
  it('a 429 carries Retry-After, retry-after-ms, x-request-id and the OpenAI error shape', async () => {
    mock.enqueue({ kind: 'status', status: 429, retryAfter: '2', retryAfterMs: 1500 });
    const response = await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody('hi'));
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.headers['retry-after-ms']).toBe('1500');
    expect(response.headers['x-request-id']).toMatch(/^req_/);
    expect(JSON.parse(response.text)).toEqual({
      error: { message: expect.any(String), type: 'requests', code: 'rate_limit_exceeded', param: null },
    });
  });

  it('Anthropic errors use its envelope, error types and request-id header', async () => {
    mock.enqueue({ kind: 'status', status: 529 }, { kind: 'status', status: 401 });
    const headers = { 'anthropic-version': '2023-06-01' };
    const overloaded = await postJson(`${mock.url}/v1/messages`, chatBody('hi'), { headers });
    expect(overloaded.status).toBe(529);
    const body = JSON.parse(overloaded.text);
    expect(body).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: expect.any(String) },
      request_id: overloaded.headers['request-id'],
    });
    const unauthorized = await postJson(`${mock.url}/v1/messages`, chatBody('hi'), { headers });
    expect(JSON.parse(unauthorized.text).error.type).toBe('authentication_error');
  });

  it('Ollama errors are { error: string }', async () => {
    mock.enqueue({ kind: 'status', status: 404 });
    const response = await postJson(`${mock.url}/api/chat`, chatBody('hi'));
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toEqual({ error: expect.any(String) });
  });

  it('sends a given body and headers as they are', async () => {
    const body = { error: { code: 429, message: 'Provider returned error' }, user_id: 'u1' };
    mock.enqueue(
      { kind: 'status', status: 429, body, headers: { 'x-custom': 'yes' } },
      { kind: 'status', status: 503, body: 'upstream down' },
    );
    const first = await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody('hi'));
    expect(JSON.parse(first.text)).toEqual(body);
    expect(first.headers['x-custom']).toBe('yes');
    const second = await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody('hi'));
    expect(second.status).toBe(503);
    expect(second.text).toBe('upstream down');
    expect(second.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('a status reply reaches a non-generation endpoint only when its match names the path', async () => {
    mock.enqueue({ kind: 'status', status: 500, match: { path: '/api/tags' } });
    expect((await postJson(`${mock.url}/api/chat`, chatBody('hi', { stream: false }))).status).toBe(200);
    const tags = await getText(`${mock.url}/api/tags`);
    expect(tags.status).toBe(500);
    expect(JSON.parse(tags.text)).toEqual({ error: expect.any(String) });
    expect((await getText(`${mock.url}/api/tags`)).status).toBe(200);
  });
});
