import { connect } from 'node:net';
import { createLLM } from '@core/session';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serve } from '../src/index.js';
import { postSse } from './support/sse-client.js';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const newLlm = () =>
  createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'mock-model', maxRetries: 0 });

describe('serve', () => {
  it('port 0 picks a free port and resolves to the url', async () => {
    const running = await serve({ llm: newLlm(), port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(running.url.endsWith(':0')).toBe(false);
      const health = await fetch(`${running.url}/health`);
      expect(health.status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('two servers on port 0 get different ports', async () => {
    const first = await serve({ llm: newLlm(), port: 0 });
    const second = await serve({ llm: newLlm(), port: 0 });
    expect(first.url).not.toBe(second.url);
    await Promise.all([first.close(), second.close()]);
  });

  it('rejects when the port is taken', async () => {
    const first = await serve({ llm: newLlm(), port: 0 });
    const port = Number(new URL(first.url).port);
    await expect(serve({ llm: newLlm(), port })).rejects.toThrow(/EADDRINUSE|address already in use/);
    await first.close();
  });

  it('rejects a bad port or drain timeout with an error naming it', async () => {
    await expect(serve({ llm: newLlm(), port: -1 })).rejects.toThrow(RangeError);
    await expect(serve({ llm: newLlm(), port: 0, drainTimeout: Number.NaN })).rejects.toThrow(/drainTimeout/);
  });
});

describe('close()', () => {
  it('stops accepting, lets an open stream finish, then closes the LLM pools', async () => {
    const running = await serve({ llm: newLlm(), port: 0 });
    mock.enqueue({
      kind: 'text',
      chunks: Array.from({ length: 10 }, (_, index) => `c${index} `),
      latency: { betweenChunksMs: 40 },
    });
    const streaming = postSse(`${running.url}/stream`, { prompt: 'go' });
    await expect.poll(() => mock.requests.length).toBe(1);
    expect(mock.openConnections).toBeGreaterThan(0);

    const closing = running.close();
    // New connections are refused while the stream drains.
    await expect
      .poll(() =>
        fetch(`${running.url}/health`).then(
          () => 'accepted',
          () => 'refused',
        ),
      )
      .toBe('refused');
    const result = await streaming;
    expect(result.events.at(-1)).toBe('[DONE]');
    expect(
      result.events
        .slice(0, -2)
        .map((data) => JSON.parse(data).content)
        .join(''),
    ).toBe(Array.from({ length: 10 }, (_, index) => `c${index} `).join(''));
    await closing;
    expect(await mock.requests[0]?.outcome).toBe('completed');
    // unloadModel closed the pool: the upstream keep-alive connection is gone.
    await expect.poll(() => mock.openConnections, { timeout: 1000 }).toBe(0);
    expect(running.close()).toBe(closing);
  });

  it('does not wait for keep-alive connections: a stream over one finishes, then the socket closes', async () => {
    const running = await serve({ llm: newLlm(), port: 0, drainTimeout: 5000 });
    mock.enqueue({ kind: 'text', chunks: ['a', 'b', 'c', 'd'], latency: { betweenChunksMs: 50 } });
    const client = new OpenAI({ baseURL: `${running.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    // A first request leaves an idle keep-alive socket behind; the stream then runs on a keep-alive socket too.
    await client.models.list();
    const stream = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
    });
    const startedAt = performance.now();
    const closing = running.close();
    const contents: string[] = [];
    for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
    expect(contents.join('')).toBe('abcd');
    await closing;
    expect(performance.now() - startedAt).toBeLessThan(2000);
  });

  it('does not wait for a connection that never sent a request (clients open them ahead of need)', async () => {
    const running = await serve({ llm: newLlm(), port: 0, drainTimeout: 5000 });
    const { port } = new URL(running.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const startedAt = performance.now();
    await running.close();
    await closed;
    // Far below drainTimeout: the unused connection was closed, not waited for.
    expect(performance.now() - startedAt).toBeLessThan(2500);
  });

  it('cuts a stream that outlives drainTimeout, which aborts its upstream call', async () => {
    const running = await serve({ llm: newLlm(), port: 0, drainTimeout: 200 });
    mock.enqueue({ kind: 'hang', afterChunks: 1 });
    const streaming = postSse(`${running.url}/stream`, { prompt: 'go' });
    await expect.poll(() => mock.requests.length).toBe(1);
    const startedAt = performance.now();
    await running.close();
    expect(performance.now() - startedAt).toBeLessThan(2000);
    const result = await streaming;
    expect(result.events).not.toContain('[DONE]');
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });
});
