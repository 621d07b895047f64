import {
  AbstractCoreError,
  AuthenticationError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAPIError,
  RateLimitError,
} from '@core/types';
import type { Wire } from '@tooling/mock-llm';
import { describe, expect, it } from 'vitest';
import { collectStream, errorViews, failureOf, type SuiteContext } from './suite-context.js';

type ErrorClass = { isInstance(value: unknown): boolean; name: string };

// Each wire's own way of saying "the prompt is too long".
const contextLengthBodies: Record<Wire, unknown> = {
  openai: {
    error: {
      message: "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.",
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
    },
  },
  anthropic: {
    type: 'error',
    error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' },
  },
  ollama: { error: 'the input length exceeds the context length' },
};

/** Every error status becomes its class, at the await, stream or not, never retried, never showing the key. */
export function describeErrorCases(context: SuiteContext): void {
  const expectNoKey = (error: unknown): void => {
    const key = context.target.apiKey;
    if (key === undefined) return;
    for (const view of errorViews(error)) expect(view).not.toContain(key);
  };

  describe('errors', () => {
    const cases: Array<[string, number, unknown, ErrorClass]> = [
      ['400', 400, undefined, InvalidRequestError],
      ['401', 401, undefined, AuthenticationError],
      ['403', 403, undefined, AuthenticationError],
      ['404 for the model', 404, undefined, ModelNotFoundError],
      ['422', 422, undefined, InvalidRequestError],
      ['400 context length', 400, contextLengthBodies[context.target.wire], ContextLengthError],
    ];
    it.each(cases)(
      '%s becomes its class at the await, is not retried and shows no key',
      async (_, status, body, errorClass) => {
        for (const stream of [false, true]) {
          context.mock.reset();
          context.mock.enqueue({ kind: 'status', status, ...(body === undefined ? {} : { body }) });
          const error = await failureOf(context.llm(), 'hi', { stream });
          expect(errorClass.isInstance(error), `${errorClass.name} expected, got ${String(error)}`).toBe(
            true,
          );
          expect(ProviderAPIError.isInstance(error)).toBe(true);
          const typed = error as ProviderAPIError;
          expect(typed.status).toBe(status);
          expect(typed.provider).toBe(context.target.provider);
          expect(typed.retryable).toBe(false);
          expect(typed.message.length).toBeGreaterThan(0);
          expectNoKey(error);
          expect(context.mock.requests).toHaveLength(1);
        }
      },
    );

    it.each([500, 502, 503, 529])('%i is retried, then the call succeeds, stream or not', async (status) => {
      for (const stream of [false, true]) {
        context.mock.reset();
        context.mock.enqueue({ kind: 'status', status }, { kind: 'text', text: 'recovered' });
        const response = await context.llm().agenerate('hi', { stream });
        const text =
          'content' in response
            ? response.content
            : (await collectStream(response)).chunks.map((chunk) => chunk.content).join('');
        expect(text).toBe('recovered');
        expect(context.mock.requests).toHaveLength(2);
      }
    });

    it('a 429 is retried after Retry-After; out of retries it is a RateLimitError with retryAfterMs', async () => {
      context.mock.enqueue({ kind: 'status', status: 429, retryAfter: '0' }, { kind: 'text', text: 'later' });
      expect((await context.llm().agenerate('hi')).content).toBe('later');
      expect(context.mock.requests).toHaveLength(2);
      context.mock.reset();
      context.mock.enqueue({ kind: 'status', status: 429, retryAfter: '2' });
      const error = await failureOf(context.llm({ maxRetries: 0 }), 'hi', { stream: false });
      expect(RateLimitError.isInstance(error)).toBe(true);
      expect((error as RateLimitError).retryAfterMs).toBe(2000);
      expect((error as RateLimitError).retryable).toBe(true);
      expectNoKey(error);
    });

    it.each([
      ['an empty body', ''],
      ['another shape', '{"hello":"world"}'],
      ['an empty object', '{}'],
    ])('a 200 with %s is a ProviderAPIError saying what came back, not an empty answer', async (_, body) => {
      context.mock.enqueue({
        kind: 'raw',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body,
      });
      const error = await failureOf(context.llm(), 'hi', { stream: false });
      expect(ProviderAPIError.isInstance(error), `ProviderAPIError expected, got ${String(error)}`).toBe(
        true,
      );
      const typed = error as ProviderAPIError;
      expect(typed.status).toBe(200);
      expect(typed.provider).toBe(context.target.provider);
      expect(typed.retryable).toBe(false);
      expect(typed.message).toContain(body === '' ? 'an empty body' : body);
      expect(context.mock.requests).toHaveLength(1);
    });

    it('a 5xx that never recovers ends in a retryable ProviderAPIError after maxRetries', async () => {
      context.mock.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
      const error = await failureOf(context.llm({ maxRetries: 1 }), 'hi', { stream: false });
      expect(ProviderAPIError.isInstance(error)).toBe(true);
      expect(AbstractCoreError.isInstance(error)).toBe(true);
      expect((error as ProviderAPIError).retryable).toBe(true);
      expect(context.mock.requests).toHaveLength(2);
      expectNoKey(error);
    });
  });
}
