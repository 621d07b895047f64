import { describe, expect, it } from 'vitest';
import { anthropicErrorStatus, parseAnthropicError } from './parse-anthropic-error.js';

const body = (type: string, message: string) => ({
  type: 'error',
  error: { type, message },
  request_id: 'req_011Ca7',
});

describe('parseAnthropicError', () => {
  it('keeps the message, the error type as code and the request id', () => {
    expect(parseAnthropicError(body('invalid_request_error', 'max_tokens: must be positive'))).toEqual({
      message: 'max_tokens: must be positive',
      code: 'invalid_request_error',
      requestId: 'req_011Ca7',
    });
  });

  it.each([
    ['overloaded_error', 'Overloaded', 'overloaded'],
    ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', 'rate-limit'],
    ['authentication_error', 'invalid x-api-key', 'authentication'],
    ['permission_error', 'Your API key does not have permission', 'authentication'],
    ['request_too_large', 'Request exceeds the maximum allowed number of bytes.', 'invalid-request'],
    ['invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum', 'context-length'],
    ['not_found_error', 'model: claude-3-nope', 'model-not-found'],
    ['not_found_error', 'File not found', undefined],
    ['invalid_request_error', 'messages: roles must alternate', undefined],
  ])('%s "%s" is kind %s', (type, message, kind) => {
    expect(parseAnthropicError(body(type, message)).kind).toBe(kind);
  });

  it('reads plain text from a proxy and ignores what it cannot read', () => {
    expect(parseAnthropicError('<html>Bad gateway</html>')).toEqual({ message: '<html>Bad gateway</html>' });
    expect(parseAnthropicError('')).toEqual({});
    expect(parseAnthropicError(42)).toEqual({});
  });
});

it('knows the status each error type is sent with', () => {
  expect(anthropicErrorStatus('overloaded_error')).toBe(529);
  expect(anthropicErrorStatus('rate_limit_error')).toBe(429);
  expect(anthropicErrorStatus('brand_new_error')).toBeUndefined();
  expect(anthropicErrorStatus(undefined)).toBeUndefined();
});
