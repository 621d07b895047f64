import { describe, expect, it } from 'vitest';
import { registerSecret } from '../redact-secrets.js';
import { AbstractCoreError } from './abstract-core-error.js';
import { AuthenticationError } from './authentication-error.js';
import { ContextLengthError } from './context-length-error.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { ModelNotFoundError } from './model-not-found-error.js';
import { ProviderAPIError } from './provider-api-error.js';
import { ProviderConnectionError } from './provider-connection-error.js';
import { ProviderNotInstalledError } from './provider-not-installed-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { SessionFileError } from './session-file-error.js';
import { TimeoutError } from './timeout-error.js';
import { UnknownProviderError } from './unknown-provider-error.js';
import { ValidationError } from './validation-error.js';

const secret = 'sk-live-0123456789abcdefSECRET';
registerSecret(secret);

const leaky = `upstream said: invalid key ${secret} (Authorization: Bearer ${secret})`;
const cause = new Error(`socket closed while sending x-api-key: ${secret}`, {
  cause: new Error(`inner ${secret}`),
});

const every: Array<[string, AbstractCoreError]> = [
  ['AbstractCoreError', new AbstractCoreError({ message: leaky, cause })],
  ['ProviderAPIError', new ProviderAPIError({ message: leaky, status: 500, retryable: true, cause })],
  ['AuthenticationError', new AuthenticationError({ message: leaky, status: 401, cause })],
  ['RateLimitError', new RateLimitError({ message: leaky, status: 429, retryAfterMs: 20, cause })],
  ['ModelNotFoundError', new ModelNotFoundError({ message: leaky, status: 404, cause })],
  ['InvalidRequestError', new InvalidRequestError({ message: leaky, status: 400, cause })],
  ['ContextLengthError', new ContextLengthError({ message: leaky, status: 400, cause })],
  ['ProviderConnectionError', new ProviderConnectionError({ message: leaky, cause })],
  ['TimeoutError', new TimeoutError({ message: leaky, timeoutMs: 5, phase: 'idle', cause })],
  [
    'ValidationError',
    new ValidationError({ message: leaky, rawText: leaky, issues: [], attempts: 2, cause }),
  ],
  [
    'SessionFileError',
    new SessionFileError({ message: leaky, path: 'chat.json', entry: 'messages[0]', cause }),
  ],
  ['UnknownProviderError', new UnknownProviderError({ providerName: secret, knownProviders: ['openai'] })],
  [
    'ProviderNotInstalledError',
    new ProviderNotInstalledError({ providerName: 'x', packageName: '@provider/x', cause }),
  ],
];

function views(error: unknown): string[] {
  const result = [String(error), (error as Error).stack ?? '', JSON.stringify(error)];
  let current = (error as { cause?: unknown }).cause;
  while (current !== undefined) {
    result.push(String(current), (current as Error).stack ?? '', JSON.stringify(current) ?? '');
    current = (current as { cause?: unknown }).cause;
  }
  return result;
}

describe('the error tree', () => {
  it.each(every)('%s never shows a key in its message, stack, JSON or cause chain', (name, error) => {
    expect(error.name).toBe(name);
    for (const view of views(error)) {
      expect(view).not.toContain(secret);
      expect(view).not.toMatch(/Bearer sk-/);
    }
  });

  it('keeps a cause without secrets as the same object', () => {
    const plain = new Error('ECONNRESET');
    expect(new ProviderConnectionError({ message: 'reset', cause: plain }).cause).toBe(plain);
  });

  it('isInstance follows the hierarchy', () => {
    const contextLength = new ContextLengthError({ message: 'too long' });
    expect(ContextLengthError.isInstance(contextLength)).toBe(true);
    expect(InvalidRequestError.isInstance(contextLength)).toBe(true);
    expect(ProviderAPIError.isInstance(contextLength)).toBe(true);
    expect(AbstractCoreError.isInstance(contextLength)).toBe(true);
    expect(RateLimitError.isInstance(contextLength)).toBe(false);
    expect(
      ProviderAPIError.isInstance(
        new ValidationError({ message: 'x', rawText: '', issues: [], attempts: 1 }),
      ),
    ).toBe(false);
    expect(AbstractCoreError.isInstance(new Error('plain'))).toBe(false);
    expect(AbstractCoreError.isInstance(null)).toBe(false);
  });

  it('isInstance works for an error from another copy of the package (a Symbol.for marker)', () => {
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('abstractcore.error.AbstractCoreError')]: true,
      [Symbol.for('abstractcore.error.ProviderAPIError')]: true,
      [Symbol.for('abstractcore.error.RateLimitError')]: true,
    });
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(ProviderAPIError.isInstance(foreign)).toBe(true);
    expect(AuthenticationError.isInstance(foreign)).toBe(false);
  });

  it('sets retryable by class: auth and invalid requests never, rate limits and connections by default', () => {
    expect(new AuthenticationError({ message: 'x', retryable: true }).retryable).toBe(false);
    expect(new InvalidRequestError({ message: 'x', retryable: true }).retryable).toBe(false);
    expect(new RateLimitError({ message: 'x' }).retryable).toBe(true);
    expect(new ProviderConnectionError({ message: 'x' }).retryable).toBe(true);
    expect(new ProviderAPIError({ message: 'x' }).retryable).toBe(false);
  });

  it('serialises to plain JSON with the fields a log needs', () => {
    const error = new RateLimitError({
      message: 'slow down',
      provider: 'openai',
      status: 429,
      retryAfterMs: 1000,
      requestId: 'req_1',
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'RateLimitError',
      message: 'slow down',
      provider: 'openai',
      status: 429,
      requestId: 'req_1',
      retryable: true,
      retryAfterMs: 1000,
    });
  });

  it('names the install command and the known providers', () => {
    expect(
      new ProviderNotInstalledError({ providerName: 'anthropic', packageName: '@provider/anthropic' })
        .message,
    ).toContain('npm install @provider/anthropic');
    expect(
      new UnknownProviderError({ providerName: 'x', knownProviders: ['openai', 'ollama'] }).message,
    ).toContain('openai, ollama');
  });
});
