import { describe, expect, it } from 'vitest';
import { groupWithinBudget } from './group-within-budget.js';

describe('groupWithinBudget', () => {
  it('packs consecutive items that fit together, in order', () => {
    expect(groupWithinBudget([10, 10, 10, 10, 10], 25)).toEqual([[0, 1], [2, 3], [4]]);
    expect(groupWithinBudget([5, 5, 5], 100)).toEqual([[0, 1, 2]]);
  });

  it('always pairs at least two items, so each round shrinks the list', () => {
    expect(groupWithinBudget([50, 50, 50], 60)).toEqual([[0, 1], [2]]);
  });
});
