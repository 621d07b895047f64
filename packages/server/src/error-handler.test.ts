import {
  AuthenticationError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAPIError,
  ProviderConnectionError,
  ProviderNotInstalledError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@core/types';
import { describe, expect, it } from 'vitest';
import { toErrorReply } from './error-handler.js';
import { RequestError } from './request-error.js';

describe('toErrorReply', () => {
  it.each([
    ['RateLimitError', new RateLimitError({ message: 'slow down', status: 429 }), 429, 'rate_limit_exceeded'],
    ['InvalidRequestError', new InvalidRequestError({ message: 'bad', status: 400 }), 400, null],
    ['ContextLengthError', new ContextLengthError({ message: 'too long' }), 400, 'context_length_exceeded'],
    ['ModelNotFoundError', new ModelNotFoundError({ message: 'no model' }), 404, 'model_not_found'],
    [
      'TimeoutError',
      new TimeoutError({ message: 'slow', timeoutMs: 5, phase: 'total' }),
      504,
      'upstream_timeout',
    ],
    [
      'ProviderConnectionError',
      new ProviderConnectionError({ message: 'reset' }),
      502,
      'upstream_connection_error',
    ],
    [
      'AuthenticationError',
      new AuthenticationError({ message: 'bad key', status: 401 }),
      502,
      'upstream_authentication_failed',
    ],
    ['ProviderAPIError', new ProviderAPIError({ message: 'boom', status: 500 }), 502, null],
    [
      'ValidationError',
      new ValidationError({ message: 'no', rawText: '', issues: [], attempts: 1 }),
      502,
      'invalid_model_output',
    ],
  ])('maps %s to its status', (_name, error, status, code) => {
    const reply = toErrorReply(error);
    expect(reply.status).toBe(status);
    expect(Object.keys(reply.body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(reply.body.error.code).toBe(code);
    expect(reply.body.error.message).toContain(error.message);
  });

  it('keeps an upstream error code the provider gave', () => {
    expect(
      toErrorReply(new InvalidRequestError({ message: 'x', code: 'invalid_tools' })).body.error.code,
    ).toBe('invalid_tools');
  });

  it('sets Retry-After (seconds, rounded up) and retry-after-ms when the provider said how long to wait', () => {
    expect(toErrorReply(new RateLimitError({ message: 'x', retryAfterMs: 1500 })).headers).toEqual({
      'retry-after': '2',
      'retry-after-ms': '1500',
    });
    expect(toErrorReply(new RateLimitError({ message: 'x' })).headers).toEqual({});
  });

  it('never answers 401 for an upstream credential failure, and says whose credentials failed', () => {
    const reply = toErrorReply(
      new AuthenticationError({ message: 'Incorrect API key provided', status: 401 }),
    );
    expect(reply.status).toBe(502);
    expect(reply.body.error.message).toMatch(/^The upstream provider rejected this server's credentials/);
  });

  it("keeps a RequestError's own status, type, code and param", () => {
    const error = new RequestError({ status: 401, message: 'no', code: 'invalid_api_key', param: 'x' });
    expect(toErrorReply(error)).toEqual({
      status: 401,
      body: { error: { message: 'no', type: 'invalid_request_error', code: 'invalid_api_key', param: 'x' } },
      headers: {},
    });
  });

  it('answers a setup error (provider not installed) with 500 and its message', () => {
    const error = new ProviderNotInstalledError({ providerName: 'ollama', packageName: '@provider/ollama' });
    const reply = toErrorReply(error);
    expect(reply.status).toBe(500);
    expect(reply.body.error.message).toContain('npm install @provider/ollama');
  });

  it('hides the details of anything unexpected behind a 500', () => {
    const reply = toErrorReply(new Error('secret internals at /srv/app.js:12'));
    expect(reply.status).toBe(500);
    expect(reply.body.error.message).not.toContain('internals');
    expect(toErrorReply('a thrown string').status).toBe(500);
  });
});
