import { describe, expect, it } from 'vitest';
import { keepTopP } from './top-p-logits-processor.js';

const kept = (logits: Float32Array) =>
  [...logits].flatMap((value, index) => (value === Number.NEGATIVE_INFINITY ? [] : [index]));

describe('keepTopP', () => {
  it('keeps the smallest set of most likely tokens reaching topP', () => {
    // softmax of log-probabilities: 0.5, 0.3, 0.15, 0.05
    const logits = Float32Array.from([0.3, 0.05, 0.5, 0.15].map(Math.log));
    keepTopP(logits, 0.75);
    expect(kept(logits)).toEqual([0, 2]);
  });

  it('always keeps the most likely token', () => {
    const logits = Float32Array.from([1, 5, 2]);
    keepTopP(logits, 0.000001);
    expect(kept(logits)).toEqual([1]);
  });

  it('leaves the logits alone at topP 1', () => {
    const logits = Float32Array.from([1, 2, 3]);
    keepTopP(logits, 1);
    expect([...logits]).toEqual([1, 2, 3]);
  });

  it('reaches far down a flat distribution (every token nearly alike)', () => {
    const logits = new Float32Array(50_000).fill(0);
    logits[7] = 0.001;
    keepTopP(logits, 0.5);
    expect(kept(logits).length).toBe(25_000);
    expect(kept(logits)).toContain(7);
  });
});
