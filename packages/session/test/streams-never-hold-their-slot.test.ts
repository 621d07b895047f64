import { BasicSession, createLLM, events } from '@core/session';
import { TimeoutError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  mock.setDefault({});
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const llmFor = (options: Record<string, unknown> = {}) =>
  createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'test-model', ...options });
const longText = Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ');

describe('a stream that is awaited but never read', () => {
  it('is closed after idleTimeout: its slot goes to the next call, its socket is closed, a late read throws', async () => {
    const llm = llmFor({ maxConcurrency: 1, idleTimeout: 300 });
    mock.enqueue({ kind: 'text', text: longText, latency: { betweenChunksMs: 50 } });
    const errors: unknown[] = [];
    const off = events.on('generation:error', (event) => {
      errors.push(event.error);
    });
    try {
      const abandoned = await llm.agenerate('first', { stream: true });
      // With maxConcurrency 1 this call waits for the abandoned stream's slot.
      const second = await llm.agenerate('second');
      expect(second.content).toBe('Echo: second');
      expect(await mock.requests[0]?.outcome).toBe('client-closed');
      const late = await (async () => {
        for await (const _chunk of abandoned) return undefined;
      })().catch((error: unknown) => error);
      expect(TimeoutError.isInstance(late)).toBe(true);
      expect(late).toMatchObject({ phase: 'idle', timeoutMs: 300 });
      await expect(abandoned.completion).rejects.toBe(late);
      expect(errors).toEqual([late]);
    } finally {
      off();
    }
  });

  it('left mid-way (a reader that stopped pulling) is closed the same way', async () => {
    const llm = llmFor({ maxConcurrency: 1, idleTimeout: 300 });
    mock.enqueue({ kind: 'text', text: longText, latency: { betweenChunksMs: 20 } });
    const stream = await llm.agenerate('first', { stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    // The reader holds its place and never asks again.
    const second = await llm.agenerate('second');
    expect(second.content).toBe('Echo: second');
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await expect(iterator.next()).rejects.toMatchObject({ name: 'TimeoutError', phase: 'idle' });
  });

  it('does not hold a BasicSession’s later turns', async () => {
    const session = new BasicSession({ provider: llmFor({ idleTimeout: 300 }) });
    mock.enqueue({ kind: 'text', text: longText, latency: { betweenChunksMs: 50 } });
    await session.agenerate('never read', { stream: true });
    const next = await session.agenerate('next turn');
    expect(next.content).toBe('Echo: next turn');
    // The abandoned turn was not committed; the answered one was.
    expect(session.conversationHistory.map((message) => message.content)).toEqual([
      'next turn',
      'Echo: next turn',
    ]);
  });
});

describe('a slow reader that keeps reading', () => {
  it('is never cut off, however long the whole stream takes', async () => {
    const llm = llmFor({ idleTimeout: 200 });
    const stream = await llm.agenerate('a slow reader reads this whole answer word by word', {
      stream: true,
    });
    const parts: string[] = [];
    const startedAt = performance.now();
    for await (const chunk of stream) {
      parts.push(chunk.content);
      await sleep(60);
    }
    expect(parts.join('')).toBe('Echo: a slow reader reads this whole answer word by word');
    // Far longer than idleTimeout in all; each pause well inside it.
    expect(performance.now() - startedAt).toBeGreaterThan(600);
  });
});

describe('timeouts of a stream', () => {
  it('headers then silence: a first-chunk TimeoutError at the await, within timeout', async () => {
    mock.enqueue({ kind: 'hang', afterChunks: 0 });
    const error = await llmFor({ maxRetries: 0 })
      .agenerate('x', { stream: true, timeout: 300 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'first-chunk', timeoutMs: 300 });
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('a server that stops mid-way: an idle TimeoutError inside the for await', async () => {
    mock.enqueue({ kind: 'hang', afterChunks: 2 });
    const stream = await llmFor({ idleTimeout: 200 }).agenerate('x', { stream: true });
    const chunks: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) chunks.push(chunk.content);
    })().catch((caught: unknown) => caught);
    expect(chunks.length).toBeGreaterThan(0);
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'idle', timeoutMs: 200 });
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });
});
