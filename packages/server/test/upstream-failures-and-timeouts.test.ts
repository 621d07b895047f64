import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/start-stack.js';

// What reaches a caller of the server when the upstream misbehaves: a broken 200, a 429 that asks for a
// wait longer than the caller's timeout, a timeout longer than a Node timer holds.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ llm: { maxRetries: 2, retryInitialDelay: 1 } });
});
afterAll(() => stack.close());
beforeEach(() => stack.mock.reset());

interface Answer {
  status: number;
  body: { response?: string; error?: { type: string; message: string } };
}

async function post(path: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

describe('a broken 200 from the upstream', () => {
  it.each([
    ['an empty body', '', 'an empty body'],
    ['another shape', '{"hello":"world"}', '{"hello":"world"}'],
  ])('with %s is a 502 that says what came back, on every route', async (_, body, shown) => {
    for (const [path, request] of [
      ['/generate', { prompt: 'hi' }],
      ['/v1/chat/completions', { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] }],
    ] as const) {
      stack.mock.enqueue({ kind: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body });
      const answer = await post(path, request);
      expect(answer.status).toBe(502);
      expect(answer.body.error?.type).toBe('upstream_error');
      expect(answer.body.error?.message).toContain(shown);
    }
  });
});

describe('timeout through /generate', () => {
  it('bounds the whole call: a retry whose wait would pass it is not made', async () => {
    stack.mock.enqueue({ kind: 'status', status: 429, retryAfter: '999999' });
    const answer = await post('/generate', { prompt: 'hi', timeout: 2000 });
    expect(answer.status).toBe(429);
    expect(stack.mock.requests).toHaveLength(1);
  });

  it('above what a Node timer holds is capped, not fired at once', async () => {
    stack.mock.enqueue({ kind: 'text', text: 'fine' });
    const answer = await post('/generate', { prompt: 'hi', timeout: 1e12 });
    expect(answer.status).toBe(200);
    expect(answer.body.response).toBe('fine');
  });
});
