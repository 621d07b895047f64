/** Tokens assumed for a model this package does not know and no `contextTokens` was given for. */
export const defaultContextTokens = 8192;

// Published context windows of a few common families, matched on the start of the model id (after
// any `vendor/` prefix, as OpenRouter and vLLM name them). Kept short on purpose: an unknown model
// falls back to the conservative default, and `contextTokens` overrides any of these. Longer prefixes
// come first, so `llama3.1` is not read as `llama3`.
const knownContextWindows: ReadonlyArray<readonly [prefix: string, tokens: number]> = [
  ['gpt-4o-mini', 128_000],
  ['gpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-3.5-turbo', 16_385],
  ['claude', 200_000],
  ['qwen3', 32_768],
  ['qwen2.5', 32_768],
  ['llama3.1', 131_072],
  ['llama3.2', 131_072],
  ['llama3.3', 131_072],
  ['llama3', 8192],
];

/**
 * The context window in tokens of `model`: from the small table of known families (gpt-4o 128k,
 * claude 200k, qwen3 32k, llama3 8k, …), else `defaultContextTokens`.
 */
export function contextWindowFor(model: string | undefined): number {
  if (model === undefined) return defaultContextTokens;
  const name = model.toLowerCase().slice(model.lastIndexOf('/') + 1);
  for (const [prefix, tokens] of knownContextWindows) if (name.startsWith(prefix)) return tokens;
  return defaultContextTokens;
}

/** How one request's context window is shared between instructions, the document text and the answer. */
export interface TokenBudget {
  contextTokens: number;
  /** The most tokens the answer may take (sent as `maxTokens`). */
  answerTokens: number;
  /** The most tokens of document text (or partial summaries) one request may carry. */
  inputTokens: number;
}

// Token counts may be estimates (4 characters a token) when the provider has no tokenizer, and the
// chat template adds a few tokens per message; this share of the window absorbs both.
const safetyShare = 0.1;
// The answer never takes more than this share, so at least half the window is left for text.
const answerShareLimit = 0.25;
const minimumInputTokens = 32;

/**
 * Splits a context window of `contextTokens` into the answer (the preferred size, capped at a quarter of
 * the window), the instructions (`instructionTokens`) and what is left for text. Throws a RangeError when
 * the window is too small to carry any text.
 */
export function budgetTokens(
  contextTokens: number,
  instructionTokens: number,
  preferredAnswerTokens: number,
): TokenBudget {
  const answerTokens = Math.max(
    1,
    Math.min(preferredAnswerTokens, Math.floor(contextTokens * answerShareLimit)),
  );
  const inputTokens =
    contextTokens - answerTokens - instructionTokens - Math.ceil(contextTokens * safetyShare);
  if (inputTokens < minimumInputTokens) {
    throw new RangeError(
      `contextTokens ${contextTokens} is too small: the instructions take ${instructionTokens} tokens and the answer ${answerTokens}, leaving no room for the text`,
    );
  }
  return { contextTokens, answerTokens, inputTokens };
}
