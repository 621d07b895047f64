import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postSse } from './support/sse-client.js';
import { type Stack, startStack } from './support/start-stack.js';

// A client that leaves must not leave a generation running upstream: mock-llm records whether the server's
// upstream connection closed before the reply was delivered.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.mock.reset());

const slowReply = () =>
  stack.mock.enqueue({
    kind: 'text',
    chunks: Array.from({ length: 40 }, (_, index) => `w${index} `),
    latency: { betweenChunksMs: 25 },
  });

describe('a client that disconnects', () => {
  it('mid-stream on /stream aborts the upstream generation', async () => {
    slowReply();
    const result = await postSse(`${stack.url}/stream`, { prompt: 'go' }, { leaveAfter: 3 });
    expect(result.events).toHaveLength(3);
    expect(await stack.mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('mid-stream on /v1/chat/completions aborts the upstream generation', async () => {
    slowReply();
    const result = await postSse(
      `${stack.url}/v1/chat/completions`,
      { model: 'mock-model', messages: [{ role: 'user', content: 'go' }], stream: true },
      { leaveAfter: 3 },
    );
    expect(result.events).toHaveLength(3);
    expect(await stack.mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('through the official client (abort the stream) aborts the upstream generation', async () => {
    slowReply();
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    let received = 0;
    for await (const _chunk of stream) {
      received += 1;
      if (received === 3) stream.controller.abort();
    }
    // Chunks that reached the client in the same read as the third are still handed out after the abort.
    expect(received).toBeGreaterThanOrEqual(3);
    expect(received).toBeLessThan(40);
    expect(await stack.mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('while a non-stream call is in flight aborts it too', async () => {
    stack.mock.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = fetch(`${stack.url}/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'go' }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await expect.poll(() => stack.mock.requests.length).toBe(1);
    controller.abort();
    await pending;
    expect(await stack.mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('leaves the server serving others', async () => {
    slowReply();
    await postSse(`${stack.url}/stream`, { prompt: 'go' }, { leaveAfter: 2 });
    const after = await postSse(`${stack.url}/stream`, { prompt: 'still there' });
    expect(after.events.at(-1)).toBe('[DONE]');
  });
});

describe('a client that stays', () => {
  it('gets the whole stream, and the upstream exchange completes', async () => {
    stack.mock.enqueue({ kind: 'text', chunks: ['a', 'b', 'c'], latency: { betweenChunksMs: 10 } });
    const result = await postSse(`${stack.url}/stream`, { prompt: 'go' });
    expect(result.events.at(-1)).toBe('[DONE]');
    expect(await stack.mock.requests[0]?.outcome).toBe('completed');
  });
});
