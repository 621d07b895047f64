import {
  AuthenticationError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAPIError,
  RateLimitError,
} from '@core/types';
import { describe, expect, it } from 'vitest';
import { classifyHttpError, classifyInBandError } from './classify-http-error.js';
import type { ParsedErrorBody } from './parse-error-body.js';
import type { ResponseHeaders } from './response-headers.js';

function classify(status: number, parsed: ParsedErrorBody = {}, headers: ResponseHeaders = {}) {
  return classifyHttpError({ provider: 'openai', model: 'gpt-test', status, headers, body: {}, parsed });
}

// The class each status maps to with an uninformative body, and whether it may be retried.
const statusTable: Array<[number, string, boolean]> = [
  [400, 'InvalidRequestError', false],
  [401, 'AuthenticationError', false],
  [403, 'AuthenticationError', false],
  [404, 'InvalidRequestError', false],
  [405, 'ProviderAPIError', false],
  [408, 'ProviderAPIError', true],
  [409, 'ProviderAPIError', true],
  [410, 'ProviderAPIError', false],
  [413, 'ProviderAPIError', false],
  [422, 'InvalidRequestError', false],
  [429, 'RateLimitError', true],
  [500, 'ProviderAPIError', true],
  [502, 'ProviderAPIError', true],
  [503, 'ProviderAPIError', true],
  [504, 'ProviderAPIError', true],
  [529, 'ProviderAPIError', true],
  [302, 'ProviderAPIError', false],
];

describe('classifyHttpError', () => {
  it.each(statusTable)('maps HTTP %i to %s (retryable: %s)', (status, name, retryable) => {
    const error = classify(status);
    expect(ProviderAPIError.isInstance(error)).toBe(true);
    expect(error.name).toBe(name);
    expect(error.retryable).toBe(retryable);
    expect(error.status).toBe(status);
    expect(error.provider).toBe('openai');
    expect(error.model).toBe('gpt-test');
  });

  it('keeps the provider’s message, code and request id, header first', () => {
    const error = classify(
      400,
      {
        message: "Unsupported parameter: 'max_tokens'",
        code: 'unsupported_parameter',
        requestId: 'req_body',
      },
      { 'x-request-id': 'req_header' },
    );
    expect(error.message).toBe("Unsupported parameter: 'max_tokens'");
    expect(error.code).toBe('unsupported_parameter');
    expect(error.requestId).toBe('req_header');
    expect(classify(400, { requestId: 'req_body' }).requestId).toBe('req_body');
    expect(classify(500, {}, { 'request-id': 'req_anthropic' }).requestId).toBe('req_anthropic');
  });

  it('falls back to a message naming the provider and status', () => {
    expect(classify(503).message).toBe('openai answered with HTTP 503');
  });

  it('reads retryAfterMs for retryable statuses only', () => {
    expect(classify(429, {}, { 'retry-after': '3' }).retryAfterMs).toBe(3000);
    expect(classify(503, {}, { 'retry-after-ms': '120' }).retryAfterMs).toBe(120);
    expect(classify(400, {}, { 'retry-after': '3' }).retryAfterMs).toBeUndefined();
  });

  it('finds a context-length failure by kind or by message on 400 and 422', () => {
    expect(ContextLengthError.isInstance(classify(400, { kind: 'context-length' }))).toBe(true);
    for (const message of [
      "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
      'prompt is too long: 210000 tokens > 200000 maximum',
      'Too many tokens in the request',
      'the request exceeds the available context size, try increasing it',
      'Input exceeds the context length',
    ]) {
      const error = classify(400, { message });
      expect(error.name, message).toBe('ContextLengthError');
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect(error.retryable).toBe(false);
    }
    expect(ContextLengthError.isInstance(classify(422, { message: 'maximum context exceeded' }))).toBe(true);
    // On a 5xx the words alone do not decide: the server failed, and may not fail again.
    expect(classify(500, { message: 'context length exceeded somewhere' }).name).toBe('ProviderAPIError');
  });

  it('finds a missing model on 404 by kind, message or code', () => {
    expect(ModelNotFoundError.isInstance(classify(404, { kind: 'model-not-found' }))).toBe(true);
    expect(
      ModelNotFoundError.isInstance(
        classify(404, { message: 'The model `gpt-9` does not exist or you do not have access to it.' }),
      ),
    ).toBe(true);
    expect(
      ModelNotFoundError.isInstance(
        classify(404, { message: 'model "llama9" not found, try pulling it first' }),
      ),
    ).toBe(true);
    expect(ModelNotFoundError.isInstance(classify(404, { message: 'x', code: 'model_not_found' }))).toBe(
      true,
    );
    const route = classify(404, { message: 'Not Found' });
    expect(route.name).toBe('InvalidRequestError');
    expect(route.retryable).toBe(false);
  });

  it('lets a parser’s kind pick the class where the status does not decide', () => {
    expect(AuthenticationError.isInstance(classify(400, { kind: 'authentication' }))).toBe(true);
    expect(InvalidRequestError.isInstance(classify(413, { kind: 'invalid-request' }))).toBe(true);
    const overloaded = classify(499, { kind: 'overloaded' });
    expect(overloaded.name).toBe('ProviderAPIError');
    expect(overloaded.retryable).toBe(true);
    expect(RateLimitError.isInstance(classify(503, { kind: 'rate-limit' }))).toBe(true);
    // A rate-limit kind cannot make a 400 retryable.
    expect(classify(400, { kind: 'rate-limit' }).retryable).toBe(false);
  });

  it('obeys x-should-retry, except for statuses that are the caller’s fault', () => {
    expect(classify(500, {}, { 'x-should-retry': 'false' }).retryable).toBe(false);
    expect(classify(429, {}, { 'x-should-retry': 'false' }).retryable).toBe(false);
    expect(classify(418, {}, { 'x-should-retry': 'true' }).retryable).toBe(true);
    for (const status of [400, 401, 403, 404, 422]) {
      expect(classify(status, {}, { 'x-should-retry': 'true' }).retryable, String(status)).toBe(false);
    }
  });
});

describe('the error keeps what a user reports upstream', () => {
  it('carries the response body (secrets redacted) and headers, without cookies', () => {
    const error = classifyHttpError({
      provider: 'openai',
      status: 400,
      headers: { 'x-request-id': 'req_1', 'set-cookie': ['a=b'], 'content-type': 'application/json' },
      body: { error: { message: 'bad', param: 'max_tokens', echo: 'Bearer sk-live-abcdefghijklmnop' } },
      parsed: { message: 'bad' },
    });
    expect(error.responseHeaders).toEqual({ 'x-request-id': 'req_1', 'content-type': 'application/json' });
    expect(error.responseBody).toContain('"param":"max_tokens"');
    expect(error.responseBody).not.toContain('sk-live-abcdefghijklmnop');
    expect(error.toJSON().responseBody).toBe(error.responseBody);
  });

  it('caps a long body', () => {
    const error = classify(502, {}, {});
    expect(error.responseBody).toBe('{}');
    const long = classifyHttpError({
      provider: 'p',
      status: 502,
      headers: {},
      body: 'x'.repeat(100_000),
      parsed: {},
    });
    expect(long.responseBody?.length).toBeLessThan(4100);
  });
});

describe('classifyInBandError', () => {
  it('uses the HTTP rules when the error names its status', () => {
    const error = classifyInBandError({
      provider: 'openrouter',
      status: 429,
      parsed: { message: 'Rate limited upstream' },
      requestId: 'gen-1',
    });
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error.retryable).toBe(true);
    expect(error.requestId).toBe('gen-1');
  });

  it('takes the class from the kind or the message when there is no status', () => {
    expect(
      ContextLengthError.isInstance(
        classifyInBandError({
          provider: 'ollama',
          parsed: { message: 'input length exceeds maximum context length' },
        }),
      ),
    ).toBe(true);
    expect(
      ModelNotFoundError.isInstance(
        classifyInBandError({
          provider: 'ollama',
          parsed: { message: "model 'x' not found, try pulling it first" },
        }),
      ),
    ).toBe(true);
    const overloaded = classifyInBandError({
      provider: 'anthropic',
      parsed: { message: 'busy', kind: 'overloaded' },
    });
    expect(overloaded.retryable).toBe(true);
    const plain = classifyInBandError({
      provider: 'ollama',
      parsed: { message: 'runner crashed' },
      body: { error: 'runner crashed' },
    });
    expect(plain.name).toBe('ProviderAPIError');
    expect(plain.retryable).toBe(false);
    expect(plain.responseBody).toBe('{"error":"runner crashed"}');
  });
});
