import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockLlm } from '../src/index.js';
import { startMockLlm } from '../src/index.js';
import { chatBody } from './http-client.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
  mock.setDefault({});
});

function post(path: string, body: unknown, dispatcher: Agent, signal?: AbortSignal) {
  return request(`${mock.url}${path}`, { method: 'POST', body: JSON.stringify(body), dispatcher, signal });
}

describe('connections and latency', () => {
  it('openConnections counts open sockets and drops to 0 once the client closes them', async () => {
    const agent = new Agent({ connections: 4 });
    await Promise.all(
      Array.from({ length: 4 }, async (_, index) => {
        const response = await post('/v1/chat/completions', chatBody(`q${index}`), agent);
        await response.body.text();
      }),
    );
    expect(mock.openConnections).toBeGreaterThan(0);
    await agent.close();
    await vi.waitFor(() => expect(mock.openConnections).toBe(0));
  });

  it('each request records the number of the connection that carried it', async () => {
    const one = new Agent({ connections: 1 });
    const two = new Agent({ connections: 1 });
    for (const agent of [one, one, two, one]) {
      const response = await post('/v1/chat/completions', chatBody('hi'), agent);
      await response.body.text();
    }
    const [first, second, third, fourth] = mock.requests.map((request) => request.connection);
    // One keep-alive socket per agent: the first agent's requests share a number, the second's differs.
    expect(first).toBeGreaterThan(0);
    expect([second, fourth]).toEqual([first, first]);
    expect(third).not.toBe(first);
    await Promise.all([one.close(), two.close()]);
  });

  it('breaking out of a stream closes the connection: the outcome is client-closed', async () => {
    const agent = new Agent();
    mock.enqueue({
      kind: 'text',
      chunks: Array.from({ length: 50 }, () => 'x '),
      latency: { betweenChunksMs: 10 },
    });
    const response = await post('/v1/chat/completions', chatBody('hi', { stream: true }), agent);
    for await (const _piece of response.body) break;
    await expect(mock.requests[0]?.outcome).resolves.toBe('client-closed');
    expect(mock.requests[0]?.closedEarly).toBe(true);
    await vi.waitFor(() => expect(mock.openConnections).toBe(0));
    await agent.close();
  });

  it('an abort during beforeHeadersMs releases the socket', async () => {
    const agent = new Agent();
    mock.enqueue({ kind: 'text', text: 'late', latency: { beforeHeadersMs: 5000 } });
    const controller = new AbortController();
    const pending = post('/v1/chat/completions', chatBody('hi'), agent, controller.signal);
    await vi.waitFor(() => expect(mock.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect(mock.requests[0]?.outcome).resolves.toBe('client-closed');
    await vi.waitFor(() => expect(mock.openConnections).toBe(0));
    await agent.close();
  });

  it('beforeHeadersMs delays the headers and betweenChunksMs paces the chunks', async () => {
    const agent = new Agent();
    mock.setDefault({ chunks: ['a', 'b', 'c', 'd'], latency: { beforeHeadersMs: 60, betweenChunksMs: 25 } });
    const started = performance.now();
    const response = await post('/v1/chat/completions', chatBody('hi', { stream: true }), agent);
    const headersAfter = performance.now() - started;
    const arrivals: number[] = [];
    for await (const _piece of response.body) arrivals.push(performance.now() - started);
    expect(headersAfter).toBeGreaterThanOrEqual(55);
    // Six frames (four chunks, finish, [DONE]), 25 ms apart: at least 5 gaps.
    expect((arrivals.at(-1) ?? 0) - headersAfter).toBeGreaterThanOrEqual(100);
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    await agent.close();
  });

  it('close() destroys open sockets, ending hung requests', async () => {
    const local = await startMockLlm();
    local.enqueue({ kind: 'hang' });
    const agent = new Agent();
    const pending = request(`${local.url}/api/chat`, { method: 'POST', body: '{}', dispatcher: agent });
    pending.catch(() => {});
    await vi.waitFor(() => expect(local.requests).toHaveLength(1));
    await local.close();
    await expect(pending).rejects.toThrow();
    await expect(local.requests[0]?.outcome).resolves.toBe('client-closed');
    expect(local.openConnections).toBe(0);
    await agent.close();
  });
});
