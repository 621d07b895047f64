import { describe, expect, it } from 'vitest';
import { countWords } from './count-words.js';

describe('countWords', () => {
  it('counts words, not punctuation or whitespace', () => {
    expect(countWords('Hello, world! It is 2025 - a new year.')).toBe(8);
    expect(countWords('  \n\t ')).toBe(0);
    expect(countWords("don't stop-motion")).toBe(3);
  });

  it('counts text written without spaces', () => {
    expect(countWords('我们喜欢读书')).toBeGreaterThan(1);
  });
});
