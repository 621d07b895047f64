import type { Usage } from '@core/types';
import type { AnthropicUsage } from './anthropic-api.js';

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * Folds a later usage report into an earlier one: `message_delta` repeats counts from `message_start` with
 * final values (vercel-ai__anthropic-message-delta-input-tokens.chunks.txt: input 43, then 61), so a count
 * present later wins and one absent later keeps its first value. Returns a new object.
 */
export function mergeAnthropicUsage(
  earlier: AnthropicUsage | undefined,
  later: AnthropicUsage | null | undefined,
): AnthropicUsage {
  const merged: AnthropicUsage = { ...earlier };
  if (later == null) return merged;
  if (typeof later.input_tokens === 'number') merged.input_tokens = later.input_tokens;
  if (typeof later.output_tokens === 'number') merged.output_tokens = later.output_tokens;
  if (typeof later.cache_read_input_tokens === 'number') {
    merged.cache_read_input_tokens = later.cache_read_input_tokens;
  }
  if (typeof later.cache_creation_input_tokens === 'number') {
    merged.cache_creation_input_tokens = later.cache_creation_input_tokens;
  }
  return merged;
}

/**
 * Wire usage to ours. Anthropic's `input_tokens` counts only the tokens after the last cache breakpoint, so
 * the whole prompt is `input_tokens + cache_read_input_tokens + cache_creation_input_tokens`; that sum is
 * `inputTokens`, and `cachedInputTokens` is `cache_read_input_tokens` (the part served from the cache).
 * A count the wire did not send stays `undefined`.
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  const uncached = count(usage?.input_tokens);
  const cacheRead = count(usage?.cache_read_input_tokens);
  const cacheCreation = count(usage?.cache_creation_input_tokens);
  const inputTokens = uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheCreation ?? 0);
  const outputTokens = count(usage?.output_tokens);
  const result: Usage = {
    inputTokens,
    outputTokens,
    totalTokens:
      inputTokens !== undefined && outputTokens !== undefined ? inputTokens + outputTokens : undefined,
  };
  if (cacheRead !== undefined) result.cachedInputTokens = cacheRead;
  return result;
}
