import { ProviderAPIError } from '@core/types';
import { describe, expect, it } from 'vitest';
import { parseJsonData } from './parse-json-data.js';

describe('parseJsonData', () => {
  it('parses JSON', () => {
    expect(parseJsonData<{ a: number }>('{"a":1}', 'openai')).toEqual({ a: 1 });
  });

  it('throws a non-retryable ProviderAPIError with a short snippet and the cause', () => {
    const data = `{"broken": ${'x'.repeat(500)}`;
    let caught: unknown;
    try {
      parseJsonData(data, 'openai');
    } catch (error) {
      caught = error;
    }
    expect(ProviderAPIError.isInstance(caught)).toBe(true);
    const error = caught as ProviderAPIError;
    expect(error.retryable).toBe(false);
    expect(error.provider).toBe('openai');
    expect(error.message.length).toBeLessThan(250);
    expect(error.message).toContain('{\\"broken\\": xxx');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});
