import { createLLM } from '@core/session';
import {
  ContextLengthError,
  InvalidRequestError,
  type LLM,
  ModelNotFoundError,
  ProviderAPIError,
  RateLimitError,
} from '@core/types';
import { collectStream } from '@tooling/conformance';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const apiKey = 'sk-ant-test-errors-0123456789';
let mock: MockLlm;
let llm: LLM;

beforeAll(async () => {
  mock = await startMockLlm();
  llm = createLLM('anthropic', { baseUrl: mock.url, apiKey, model: 'test-model', maxRetries: 0 });
});
afterAll(async () => {
  await llm.unloadModel();
  await mock.close();
});
beforeEach(() => mock.reset());

async function failure(stream: boolean): Promise<unknown> {
  try {
    const result = await llm.agenerate('hi there', { stream });
    if (stream && Symbol.asyncIterator in result) return (await collectStream(result)).error;
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('HTTP errors', () => {
  it('529 overloaded_error is a retryable ProviderAPIError with the request-id header', async () => {
    mock.enqueue({ kind: 'status', status: 529 });
    const error = await failure(false);
    expect(ProviderAPIError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({
      status: 529,
      code: 'overloaded_error',
      retryable: true,
      requestId: expect.stringMatching(/^req_mock_/),
    });
  });

  it('not_found_error naming the model is ModelNotFoundError; naming something else, InvalidRequestError', async () => {
    mock.enqueue({
      kind: 'status',
      status: 404,
      body: {
        type: 'error',
        error: { type: 'not_found_error', message: 'model: claude-nope' },
        request_id: 'req_1',
      },
    });
    const missingModel = await failure(false);
    expect(ModelNotFoundError.isInstance(missingModel), String(missingModel)).toBe(true);
    // The `request-id` header names the request; the body's `request_id` is the fallback.
    expect(missingModel).toMatchObject({
      message: 'model: claude-nope',
      requestId: expect.stringMatching(/^req_/),
    });
    mock.enqueue({
      kind: 'status',
      status: 404,
      body: { type: 'error', error: { type: 'not_found_error', message: 'Not found: /v1/batches/abc' } },
    });
    const other = await failure(false);
    expect(InvalidRequestError.isInstance(other)).toBe(true);
    expect(ModelNotFoundError.isInstance(other)).toBe(false);
  });

  it('413 request_too_large is an InvalidRequestError, not retried', async () => {
    mock.enqueue({ kind: 'status', status: 413 });
    const error = await failure(false);
    expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
    expect((error as ProviderAPIError).retryable).toBe(false);
  });
});

describe('in-band errors', () => {
  it.each([
    [
      'overloaded_error',
      (error: unknown) => ProviderAPIError.isInstance(error) && !RateLimitError.isInstance(error),
      true,
    ],
    ['rate_limit_error', (error: unknown) => RateLimitError.isInstance(error), true],
    [
      'api_error',
      (error: unknown) => ProviderAPIError.isInstance(error) && !InvalidRequestError.isInstance(error),
      true,
    ],
    ['invalid_request_error', (error: unknown) => InvalidRequestError.isInstance(error), false],
  ])(
    'an `error` event of type %s is thrown as its class, stream or not',
    async (type, isExpected, retryable) => {
      for (const stream of [true, false]) {
        mock.enqueue({ kind: 'error-event', code: type, message: `upstream said ${type}` });
        const error = await failure(stream);
        expect(isExpected(error), `stream=${stream}: ${String(error)}`).toBe(true);
        expect(error).toMatchObject({
          code: type,
          message: `upstream said ${type}`,
          retryable,
          provider: 'anthropic',
        });
      }
    },
  );

  it('an error type Anthropic does not list is classified by its message, keeping the request id and body', async () => {
    for (const stream of [true, false]) {
      mock.enqueue({
        kind: 'error-event',
        code: 'brand_new_error',
        message: 'prompt is too long: 210000 tokens > 200000 maximum',
      });
      const error = await failure(stream);
      expect(ContextLengthError.isInstance(error), `stream=${stream}: ${String(error)}`).toBe(true);
      expect(error).toMatchObject({
        code: 'brand_new_error',
        retryable: false,
        requestId: expect.stringMatching(/^req_mock_/),
        responseBody: expect.stringContaining('brand_new_error'),
      });
    }
  });

  it('an overloaded error event before any text is retried: the caller never saw a chunk', async () => {
    mock.enqueue(
      { kind: 'error-event', afterChunks: 0, message: 'Overloaded' },
      { kind: 'text', text: 'second try' },
    );
    const retrying = createLLM('anthropic', {
      baseUrl: mock.url,
      apiKey,
      model: 'test-model',
      retryMaxDelay: 1,
    });
    try {
      const { chunks, error } = await collectStream(await retrying.agenerate('hi', { stream: true }));
      expect(error).toBeUndefined();
      expect(chunks.map((chunk) => chunk.content).join('')).toBe('second try');
      expect(mock.requests).toHaveLength(2);
    } finally {
      await retrying.unloadModel();
    }
  });
});
