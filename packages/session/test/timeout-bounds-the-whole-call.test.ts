import { createLLM, events } from '@core/session';
import { ProviderAPIError, RateLimitError, TimeoutError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeAll(async () => {
  mock = await startMockLlm();
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await mock.close();
});
beforeEach(() => {
  mock.reset();
  warnings.length = 0;
});
afterEach(async () => {
  // Warnings are emitted on the next tick; none may come from the library.
  await new Promise((resolve) => setImmediate(resolve));
  expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
});

const llmFor = (options: Record<string, unknown> = {}) =>
  createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'test-model', ...options });

describe('timeout is for the whole call', () => {
  it.each([false, true])(
    'a retry whose wait would pass the deadline is not made (stream: %s): the last error comes back',
    async (stream) => {
      mock.enqueue({ kind: 'status', status: 429, retryAfter: '999999' });
      const retries: unknown[] = [];
      const unsubscribe = events.on('retry', (event) => {
        retries.push(event);
      });
      try {
        const error = await llmFor()
          .agenerate('x', { timeout: 2000, stream })
          .catch((caught: unknown) => caught);
        expect(RateLimitError.isInstance(error)).toBe(true);
      } finally {
        unsubscribe();
      }
      expect(mock.requests).toHaveLength(1);
      expect(retries).toEqual([]);
    },
  );

  it('retries that fit before the deadline are made, the one that would not fit is not', async () => {
    mock.enqueue(
      { kind: 'status', status: 503, retryAfter: '1' },
      { kind: 'status', status: 503, retryAfter: '1' },
      { kind: 'text', text: 'too late' },
    );
    const error = await llmFor({ maxRetries: 5 })
      .agenerate('x', { timeout: 1500 })
      .catch((caught: unknown) => caught);
    expect(ProviderAPIError.isInstance(error)).toBe(true);
    expect((error as ProviderAPIError).status).toBe(503);
    expect(mock.requests).toHaveLength(2);
  });

  it('an attempt after a retry gets only the time left, so a slow answer ends by the deadline', async () => {
    mock.enqueue(
      { kind: 'status', status: 503, retryAfter: '1' },
      { kind: 'text', text: 'slow', latency: { beforeHeadersMs: 5000 } },
    );
    const error = await llmFor()
      .agenerate('x', { timeout: 1500 })
      .catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(mock.requests).toHaveLength(2);
    // The second attempt was given what the 1 s retry wait left of the 1.5 s, not a fresh 1.5 s.
    expect((error as TimeoutError).timeoutMs).toBeLessThanOrEqual(500);
    expect(await mock.requests[1]?.outcome).toBe('client-closed');
  });
});

describe('timeouts beyond what a Node timer can hold', () => {
  it.each([
    ['createLLM', { timeout: 3e9, idleTimeout: 1e12 }, {}],
    ['the call', {}, { timeout: 3e9, idleTimeout: 1e12 }],
  ])('are capped, not fired at once (%s)', async (_where, llmOptions, callOptions) => {
    mock.enqueue({ kind: 'text', text: 'fine' }, { kind: 'text', text: 'also fine' });
    const llm = llmFor(llmOptions);
    expect((await llm.agenerate('x', callOptions)).content).toBe('fine');
    const stream = await llm.agenerate('x', { ...callOptions, stream: true });
    const parts: string[] = [];
    for await (const chunk of stream) parts.push(chunk.content);
    expect(parts.join('')).toBe('also fine');
    const health = await llm.health({ timeout: 1e12 });
    expect(health.ok).toBe(true);
  });
});

describe('many calls under one AbortSignal', () => {
  it('wait for a concurrency slot without a MaxListenersExceededWarning', async () => {
    const controller = new AbortController();
    mock.setDefault({ text: 'ok', latency: { beforeHeadersMs: 5 } });
    const llm = llmFor({ maxConcurrency: 2 });
    const results = await Promise.all(
      Array.from({ length: 30 }, () => llm.agenerate('x', { signal: controller.signal })),
    );
    expect(results.every((result) => result.content === 'ok')).toBe(true);
  });

  it('wait for their retries without a MaxListenersExceededWarning', async () => {
    const controller = new AbortController();
    mock.setDefault({ text: 'ok' });
    for (let index = 0; index < 20; index++) mock.enqueue({ kind: 'status', status: 503, retryAfterMs: 150 });
    const llm = llmFor({ maxRetries: 3 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => llm.agenerate('x', { signal: controller.signal })),
    );
    expect(results.every((result) => result.content === 'ok')).toBe(true);
    expect(mock.requests).toHaveLength(40);
  });

  it('still abort every waiting call at once', async () => {
    const controller = new AbortController();
    mock.setDefault({ text: 'ok', latency: { beforeHeadersMs: 200 } });
    const llm = llmFor({ maxConcurrency: 1 });
    const calls = Array.from({ length: 20 }, () =>
      llm.agenerate('x', { signal: controller.signal }).catch((caught: unknown) => caught),
    );
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 50);
    const settled = await Promise.all(calls);
    expect(settled.every((value) => value === reason)).toBe(true);
  });
});
