import { createLLM } from '@core/session';
import { TimeoutError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const llmFor = (options: Record<string, unknown> = {}) =>
  createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'test-model', ...options });

describe('abort and cancellation', () => {
  it('an abort before headers rejects with the signal reason and closes the connection', async () => {
    mock.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const pending = llmFor().agenerate('hi', { signal: controller.signal });
    // Generous waits: on a loaded CI machine the request may take more than the default second to arrive.
    await expect.poll(() => mock.requests.length, { timeout: 15_000 }).toBe(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('an abort mid-stream throws the reason inside the for await and closes the connection', async () => {
    mock.enqueue({ kind: 'text', chunks: ['a', 'b', 'c', 'd', 'e', 'f'], latency: { betweenChunksMs: 30 } });
    const controller = new AbortController();
    const reason = new Error('enough');
    const stream = await llmFor().agenerate('hi', { stream: true, signal: controller.signal });
    const error = await (async () => {
      for await (const chunk of stream) if (chunk.content === 'b') controller.abort(reason);
    })().catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('an abort stops the stream even when the rest of the answer already arrived in one read', async () => {
    mock.enqueue({ kind: 'text', chunks: ['a', 'b', 'c', 'd', 'e', 'f'] });
    const controller = new AbortController();
    const reason = new Error('enough');
    const llm = llmFor();
    const stream = await llm.agenerate('hi', { stream: true, signal: controller.signal });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) {
        seen.push(chunk.content);
        if (chunk.content === 'b') controller.abort(reason);
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(seen).toEqual(['a', 'b']);
    // The body was read to its end, so its socket went back to the pool: close it for the next test's count.
    await llm.unloadModel();
  });

  it('breaking out of the for await closes the connection', async () => {
    mock.enqueue({
      kind: 'text',
      chunks: Array.from({ length: 50 }, (_, index) => `w${index} `),
      latency: { betweenChunksMs: 10 },
    });
    const stream = await llmFor().agenerate('hi', { stream: true });
    for await (const chunk of stream) if (chunk.content.startsWith('w2')) break;
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await expect.poll(() => mock.openConnections, { timeout: 15_000 }).toBe(0);
  });

  it('an already aborted signal rejects at once without a request', async () => {
    const reason = new Error('never mind');
    await expect(llmFor().agenerate('hi', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(mock.requests).toHaveLength(0);
  });

  it('timeout and idleTimeout raise TimeoutError', async () => {
    mock.enqueue({ kind: 'hang' });
    const total = await llmFor({ maxRetries: 0 })
      .agenerate('hi', { timeout: 100 })
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(total)).toBe(true);
    mock.enqueue({ kind: 'hang', afterChunks: 1 });
    const stream = await llmFor({ maxRetries: 0 }).agenerate('hi', { stream: true, idleTimeout: 100 });
    const idle = await (async () => {
      for await (const _ of stream) {
        // the second chunk never comes
      }
    })().catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(idle)).toBe(true);
    expect((idle as TimeoutError).phase).toBe('idle');
  });
});

/** How many TCP connections carried the requests recorded since the last reset. */
const connectionsUsed = () => new Set(mock.requests.map((request) => request.connection)).size;

describe('concurrency', () => {
  it('200 concurrent calls to a slow server are all in flight at once', async () => {
    mock.setDefault({ latency: { beforeHeadersMs: 1500 } });
    const llm = llmFor();
    const prompts = Array.from({ length: 200 }, (_, index) => `prompt ${index}`);
    const responses = await Promise.all(prompts.map((prompt) => llm.agenerate(prompt)));
    expect(responses.map((response) => response.content)).toEqual(prompts.map((prompt) => `Echo: ${prompt}`));
    const arrivals = mock.requests.map((request) => request.receivedAt);
    // Every request reached the server before the first one was answered: none waited for another.
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(1500);
    mock.setDefault({ latency: {} });
    await llm.unloadModel();
  }, 60_000);

  it('maxConcurrency bounds the requests in flight, as the server sees them', async () => {
    mock.setDefault({ latency: { beforeHeadersMs: 60 } });
    const llm = llmFor({ maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, index) => llm.agenerate(`p${index}`)));
    const arrivals = mock.requests.map((request) => request.receivedAt).sort((a, b) => a - b);
    // A fourth request can only start when one of the three before it has been answered (60 ms later).
    for (let index = 3; index < arrivals.length; index++) {
      expect((arrivals[index] ?? 0) - (arrivals[index - 3] ?? 0)).toBeGreaterThanOrEqual(50);
    }
    mock.setDefault({ latency: {} });
  });

  it('maxConcurrency also bounds the sockets: bursts after bursts reuse the connections already open', async () => {
    mock.setDefault({ latency: { beforeHeadersMs: 20 } });
    const llm = llmFor({ maxConcurrency: 4 });
    // Each burst starts as the one before ends, in the turn before undici hands its sockets back: the
    // transport waits for those sockets, and the pool (sized from maxConcurrency) could not open more anyway.
    for (let burst = 0; burst < 8; burst++) {
      await Promise.all(Array.from({ length: 8 }, (_, index) => llm.agenerate(`b${burst} p${index}`)));
    }
    expect(mock.requests).toHaveLength(64);
    // Four for the calls, two kept for health() and unloadModel(), which do not wait at the gate.
    expect(connectionsUsed()).toBeLessThanOrEqual(6);
    mock.setDefault({ latency: {} });
    await llm.unloadModel();
  });

  it('an explicit connections option sizes the pool whatever maxConcurrency says', async () => {
    mock.setDefault({ latency: { beforeHeadersMs: 20 } });
    const llm = llmFor({ maxConcurrency: 8, connections: 1 });
    await Promise.all(Array.from({ length: 8 }, (_, index) => llm.agenerate(`p${index}`)));
    expect(connectionsUsed()).toBe(1);
    mock.setDefault({ latency: {} });
    await llm.unloadModel();
  });
});
