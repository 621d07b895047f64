/**
 * Greedy runs of consecutive items whose token counts fit `maxTokens` together. A run takes at least two
 * items even past the limit, so every combining round shrinks the list and the rounds end.
 */
export function groupWithinBudget(tokenCounts: readonly number[], maxTokens: number): number[][] {
  const groups: number[][] = [];
  let group: number[] = [];
  let groupTokens = 0;
  tokenCounts.forEach((tokens, index) => {
    if (group.length >= 2 && groupTokens + 1 + tokens > maxTokens) {
      groups.push(group);
      group = [];
      groupTokens = 0;
    }
    group.push(index);
    groupTokens += tokens + 1;
  });
  if (group.length > 0) groups.push(group);
  return groups;
}
