import { ProviderAPIError, ProviderConnectionError, RateLimitError } from '@core/types';
import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { toTransportError } from './to-transport-error.js';

const context = { provider: 'openai', model: 'gpt-test' };

function systemError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, syscall: 'connect' });
}

describe('toTransportError', () => {
  it('returns the abort reason untouched once the signal has aborted', () => {
    const controller = new AbortController();
    const reason = { mine: true };
    controller.abort(reason);
    const failure = new errors.RequestAbortedError();
    expect(toTransportError(failure, { ...context, signal: controller.signal })).toBe(reason);
  });

  it('passes abstractcore errors through', () => {
    const error = new RateLimitError({ message: 'slow down', provider: 'openai' });
    expect(toTransportError(error, context)).toBe(error);
  });

  it.each([
    ['ECONNREFUSED', systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')],
    ['ECONNRESET', systemError('ECONNRESET', 'read ECONNRESET')],
    ['ENOTFOUND', systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND example.invalid')],
    ['UND_ERR_SOCKET', new errors.SocketError('other side closed')],
    ['UND_ERR_CONNECT_TIMEOUT', new errors.ConnectTimeoutError()],
    ['CERT_HAS_EXPIRED', Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' })],
  ])('makes %s a retryable ProviderConnectionError keeping the cause', (code, failure) => {
    const error = toTransportError(failure, context);
    expect(ProviderConnectionError.isInstance(error)).toBe(true);
    const connectionError = error as ProviderConnectionError;
    expect(connectionError.retryable).toBe(true);
    expect(connectionError.code).toBe(code);
    expect(connectionError.provider).toBe('openai');
    expect(connectionError.model).toBe('gpt-test');
    expect(connectionError.cause).toBe(failure);
  });

  it('looks for the network code in the cause chain', () => {
    const failure = new TypeError('fetch failed', { cause: systemError('ECONNRESET', 'read ECONNRESET') });
    expect(ProviderConnectionError.isInstance(toTransportError(failure, context))).toBe(true);
  });

  it('makes anything else a ProviderAPIError that is not retryable', () => {
    for (const failure of [
      new RangeError('line too long'),
      new errors.InvalidArgumentError('invalid method'),
      'boom',
    ]) {
      const error = toTransportError(failure, context);
      expect(ProviderAPIError.isInstance(error)).toBe(true);
      expect(ProviderConnectionError.isInstance(error)).toBe(false);
      expect((error as ProviderAPIError).retryable).toBe(false);
    }
  });
});
