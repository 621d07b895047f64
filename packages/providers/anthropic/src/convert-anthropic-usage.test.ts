import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';

describe('convertAnthropicUsage', () => {
  it('counts cache reads and writes into the input and reports reads as cached', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 10,
        cache_read_input_tokens: 1000,
        cache_creation_input_tokens: 200,
        output_tokens: 5,
      }),
    ).toEqual({ inputTokens: 1210, outputTokens: 5, totalTokens: 1215, cachedInputTokens: 1000 });
  });

  it('leaves what the wire did not send undefined, never 0', () => {
    expect(convertAnthropicUsage({ output_tokens: 5 })).toEqual({
      inputTokens: undefined,
      outputTokens: 5,
      totalTokens: undefined,
    });
    expect(convertAnthropicUsage(undefined)).toEqual({
      inputTokens: undefined,
      outputTokens: undefined,
      totalTokens: undefined,
    });
    expect(convertAnthropicUsage({ input_tokens: 3, cache_read_input_tokens: null })).not.toHaveProperty(
      'cachedInputTokens',
    );
  });
});

describe('mergeAnthropicUsage', () => {
  it('lets a later count win and keeps an earlier one the later report left out', () => {
    const start = { input_tokens: 43, output_tokens: 1, cache_read_input_tokens: 7 };
    expect(mergeAnthropicUsage(start, { input_tokens: 61, output_tokens: 2 })).toEqual({
      input_tokens: 61,
      output_tokens: 2,
      cache_read_input_tokens: 7,
    });
    expect(start.input_tokens).toBe(43);
  });
});
