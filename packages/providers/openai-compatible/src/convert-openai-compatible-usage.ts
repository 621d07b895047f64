import type { Usage } from '@core/types';
import type { WireUsage } from './openai-compatible-api.js';

/** Wire usage to ours; a count the server did not send stays `undefined`. */
export function convertOpenAICompatibleUsage(usage: WireUsage | null | undefined): Usage {
  const inputTokens = usage?.prompt_tokens;
  const outputTokens = usage?.completion_tokens;
  const totalTokens =
    usage?.total_tokens ??
    (inputTokens !== undefined && outputTokens !== undefined ? inputTokens + outputTokens : undefined);
  const result: Usage = { inputTokens, outputTokens, totalTokens };
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? usage?.prompt_cache_hit_tokens;
  if (cached !== undefined) result.cachedInputTokens = cached;
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined) result.reasoningTokens = reasoning;
  return result;
}
