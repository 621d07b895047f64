import { describe, expect, it } from 'vitest';
import { budgetTokens, contextWindowFor, defaultContextTokens } from './context-window.js';

describe('contextWindowFor', () => {
  it('knows a few model families, with or without a vendor prefix or tag', () => {
    expect(contextWindowFor('gpt-4o-mini')).toBe(128_000);
    expect(contextWindowFor('openai/gpt-4o-2024-08-06')).toBe(128_000);
    expect(contextWindowFor('claude-3-5-haiku-latest')).toBe(200_000);
    expect(contextWindowFor('anthropic/claude-sonnet-4')).toBe(200_000);
    expect(contextWindowFor('qwen3:4b')).toBe(32_768);
    expect(contextWindowFor('Qwen/Qwen3-8B')).toBe(32_768);
    expect(contextWindowFor('llama3:8b')).toBe(8192);
    expect(contextWindowFor('llama3.1:8b')).toBe(131_072);
  });

  it('falls back to a conservative default', () => {
    expect(defaultContextTokens).toBe(8192);
    expect(contextWindowFor('some-new-model')).toBe(defaultContextTokens);
    expect(contextWindowFor(undefined)).toBe(defaultContextTokens);
  });
});

describe('budgetTokens', () => {
  it('keeps room for the instructions, the answer and a margin', () => {
    const budget = budgetTokens(8192, 500, 1024);
    expect(budget).toEqual({ contextTokens: 8192, answerTokens: 1024, inputTokens: 8192 - 1024 - 500 - 820 });
  });

  it('caps the answer at a quarter of the window', () => {
    expect(budgetTokens(2000, 200, 4096).answerTokens).toBe(500);
  });

  it('throws a RangeError when no text would fit', () => {
    expect(() => budgetTokens(600, 400, 512)).toThrow(/contextTokens 600 is too small/);
  });
});
