import { describe, expect, it } from 'vitest';
import { normalizeLlmOptions } from './normalize-llm-options.js';

describe('normalizeLlmOptions', () => {
  it('applies defaults and splits the provider settings from the LLM settings', () => {
    const { llm, provider } = normalizeLlmOptions({
      model: 'm',
      apiKey: 'k-123456',
      temperature: 0.2,
      keepAlive: '5m',
    });
    expect(llm.maxRetries).toBe(2);
    expect(llm.temperature).toBe(0.2);
    expect(provider).toEqual({ model: 'm', apiKey: 'k-123456', keepAlive: '5m' });
    expect(Object.isFrozen(llm)).toBe(true);
  });

  it('sizes the pool from maxConcurrency unless connections is given', () => {
    expect(normalizeLlmOptions({ maxConcurrency: 4 }).provider.connections).toBe(6);
    expect(normalizeLlmOptions({ maxConcurrency: 4, connections: 1 }).provider.connections).toBe(1);
    expect(normalizeLlmOptions({}).provider.connections).toBeUndefined();
  });

  it.each([
    [{ temperature: Number.NaN }, TypeError, 'temperature'],
    [{ maxTokens: 1.5 }, RangeError, 'maxTokens'],
    [{ maxRetries: -1 }, RangeError, 'maxRetries'],
    [{ timeout: 0 }, RangeError, 'timeout'],
    [{ timeout: Number.POSITIVE_INFINITY }, RangeError, 'timeout'],
    [{ maxConcurrency: 2.5 }, RangeError, 'maxConcurrency'],
    [{ connections: 0 }, RangeError, 'connections'],
    [{ connections: 1.5 }, RangeError, 'connections'],
    [{ connections: '8' }, TypeError, 'connections'],
    [{ stop: [''] }, TypeError, 'stop'],
    [{ headers: { a: 1 } }, TypeError, 'headers'],
    [{ model: 3 }, TypeError, 'model'],
  ])('rejects %o naming the option', (options, kind, name) => {
    expect(() => normalizeLlmOptions(options as never)).toThrow(kind);
    expect(() => normalizeLlmOptions(options as never)).toThrow(name);
  });
});
