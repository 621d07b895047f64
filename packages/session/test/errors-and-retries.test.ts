import { createLLM, events } from '@core/session';
import {
  AuthenticationError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAPIError,
  ProviderConnectionError,
  RateLimitError,
} from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const apiKey = 'sk-test-SECRETKEY1234567890';
let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const llmFor = (options: Record<string, unknown> = {}) =>
  createLLM('openai-compatible', {
    baseUrl: mock.openaiBaseUrl,
    model: 'test-model',
    apiKey,
    retryInitialDelay: 1,
    ...options,
  });

function expectNoKey(error: unknown): void {
  const views = [String(error), (error as Error).stack ?? '', JSON.stringify(error)];
  let cause = (error as { cause?: unknown }).cause;
  while (cause !== undefined && cause !== null) {
    views.push(String(cause), (cause as Error).stack ?? '', JSON.stringify(cause) ?? '');
    cause = (cause as { cause?: unknown }).cause;
  }
  for (const view of views) expect(view).not.toContain(apiKey);
}

describe('every error class, at the await', () => {
  it.each([
    [
      401,
      {
        error: {
          message: `Incorrect API key provided: ${apiKey}`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
      AuthenticationError,
    ],
    [403, undefined, AuthenticationError],
    [
      404,
      { error: { message: 'The model `nope` does not exist', code: 'model_not_found' } },
      ModelNotFoundError,
    ],
    [404, { error: { message: 'No such route' } }, InvalidRequestError],
    [400, { error: { message: 'Bad value for temperature', code: 'invalid_value' } }, InvalidRequestError],
    [
      400,
      {
        error: {
          message: "This model's maximum context length is 8192 tokens",
          code: 'context_length_exceeded',
        },
      },
      ContextLengthError,
    ],
    [422, undefined, InvalidRequestError],
  ])(
    'status %i becomes the right class, is not retried and carries no key',
    async (status, body, errorClass) => {
      mock.enqueue({ kind: 'status', status, ...(body === undefined ? {} : { body }) });
      for (const stream of [false, true]) {
        if (stream) mock.enqueue({ kind: 'status', status, ...(body === undefined ? {} : { body }) });
        const error = await llmFor()
          .agenerate('hi', { stream })
          .then(
            () => undefined,
            (caught: unknown) => caught,
          );
        expect(errorClass.isInstance(error)).toBe(true);
        expect(ProviderAPIError.isInstance(error)).toBe(true);
        expect((error as ProviderAPIError).status).toBe(status);
        expect((error as ProviderAPIError).retryable).toBe(false);
        expect((error as ProviderAPIError).provider).toBe('openai-compatible');
        expectNoKey(error);
      }
      expect(mock.requests).toHaveLength(2);
    },
  );

  it('keeps the provider message and request id', async () => {
    mock.enqueue({
      kind: 'status',
      status: 400,
      body: { error: { message: 'Unsupported parameter: max_tokens', code: 'unsupported_parameter' } },
    });
    const error = (await llmFor()
      .agenerate('hi')
      .catch((caught: unknown) => caught)) as InvalidRequestError;
    expect(error.message).toContain('Unsupported parameter: max_tokens');
    expect(error.code).toBe('unsupported_parameter');
    expect(error.requestId).toBeTruthy();
  });
});

describe('the retry loop', () => {
  it('retries after a 429 with Retry-After (seconds) and succeeds, reporting the retry', async () => {
    mock.enqueue({ kind: 'status', status: 429, retryAfter: '1' }, { kind: 'text', text: 'finally' });
    const retries: Array<{ attempt: number; delayMs: number }> = [];
    const off = events.on('retry', (event) => {
      retries.push({ attempt: event.attempt, delayMs: event.delayMs });
    });
    const response = await llmFor().agenerate('hi');
    off();
    expect(response.content).toBe('finally');
    expect(mock.requests).toHaveLength(2);
    expect(retries).toEqual([{ attempt: 1, delayMs: 1000 }]);
    const gapMs = (mock.requests[1]?.receivedAt ?? 0) - (mock.requests[0]?.receivedAt ?? 0);
    expect(gapMs).toBeGreaterThanOrEqual(900);
  });

  it('retries after 503 and after a reset before headers, for streams too', async () => {
    mock.enqueue(
      { kind: 'status', status: 503 },
      { kind: 'reset-before-headers' },
      { kind: 'text', text: 'up' },
    );
    expect((await llmFor().agenerate('hi')).content).toBe('up');
    expect(mock.requests).toHaveLength(3);
    mock.reset();
    mock.enqueue(
      { kind: 'reset-before-headers' },
      { kind: 'status', status: 502 },
      { kind: 'text', text: 'streamed' },
    );
    const stream = await llmFor().agenerate('hi', { stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.content;
    expect(text).toBe('streamed');
    expect(mock.requests).toHaveLength(3);
  });

  it('gives up after maxRetries retries with the last error', async () => {
    mock.enqueue(...Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 500 })));
    const error = await llmFor({ maxRetries: 1 })
      .agenerate('hi')
      .catch((caught: unknown) => caught);
    expect(ProviderAPIError.isInstance(error)).toBe(true);
    expect((error as ProviderAPIError).status).toBe(500);
    expect((error as ProviderAPIError).retryable).toBe(true);
    expect(mock.requests).toHaveLength(2);
  });

  it('a 429 that runs out of retries is a RateLimitError with retryAfterMs', async () => {
    mock.enqueue(
      { kind: 'status', status: 429, retryAfterMs: 5 },
      { kind: 'status', status: 429, retryAfterMs: 5 },
    );
    const error = await llmFor({ maxRetries: 1 })
      .agenerate('hi')
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryAfterMs).toBe(5);
  });

  it('never retries once a chunk reached the caller: a mid-stream reset is thrown inside the for await', async () => {
    mock.enqueue({ kind: 'reset-mid-stream', afterChunks: 2 }, { kind: 'text', text: 'must not be used' });
    const stream = await llmFor().agenerate('hi', { stream: true });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.content);
    })().catch((caught: unknown) => caught);
    expect(ProviderConnectionError.isInstance(error)).toBe(true);
    expectNoKey(error);
    expect(received.length).toBeGreaterThan(0);
    expect(mock.requests).toHaveLength(1);
  });

  it('a stream that ends without its finish signal is a ProviderConnectionError', async () => {
    mock.enqueue({ kind: 'truncated' });
    const stream = await llmFor({ maxRetries: 0 }).agenerate('hi', { stream: true });
    await expect(
      (async () => {
        for await (const _ of stream) {
          // drain
        }
      })(),
    ).rejects.toSatisfy((error) => ProviderConnectionError.isInstance(error));
  });

  it('a connection refused is a retryable ProviderConnectionError without the key', async () => {
    const llm = createLLM('openai-compatible', {
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'm',
      apiKey,
      maxRetries: 0,
    });
    const error = await llm.agenerate('hi').catch((caught: unknown) => caught);
    expect(ProviderConnectionError.isInstance(error)).toBe(true);
    expect((error as ProviderConnectionError).retryable).toBe(true);
    expectNoKey(error);
  });
});
