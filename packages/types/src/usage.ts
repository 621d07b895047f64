/**
 * Token counts for one call. A count the provider did not report stays `undefined`, never `0`,
 * so "unknown" and "none" stay distinguishable.
 */
export interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  totalTokens: number | undefined;
  /** Output tokens spent on reasoning, when the provider reports them. */
  reasoningTokens?: number;
  /** Input tokens served from the provider's prompt cache. */
  cachedInputTokens?: number;
}

/** Why generation stopped, mapped onto six values; the provider's own value travels beside it. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';
