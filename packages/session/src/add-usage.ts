import type { Usage } from '@core/types';

function sum(first: number | undefined, second: number | undefined): number | undefined {
  return first === undefined || second === undefined ? undefined : first + second;
}

/** The usage of two steps of one call; a count either step lacks stays unknown rather than half-counted. */
export function addUsage(first: Usage, second: Usage): Usage {
  const total: Usage = {
    inputTokens: sum(first.inputTokens, second.inputTokens),
    outputTokens: sum(first.outputTokens, second.outputTokens),
    totalTokens: sum(first.totalTokens, second.totalTokens),
  };
  const reasoning = sum(first.reasoningTokens, second.reasoningTokens);
  if (reasoning !== undefined) total.reasoningTokens = reasoning;
  const cached = sum(first.cachedInputTokens, second.cachedInputTokens);
  if (cached !== undefined) total.cachedInputTokens = cached;
  return total;
}
