import { loadBooleanSetting, loadSetting, type ProviderSettings } from '@core/types';

/** Where requests go when neither the `baseUrl` option nor `OPENAI_BASE_URL` says otherwise. */
export const openAIDefaultBaseUrl = 'https://api.openai.com/v1';

/** The env var read for the base URL when the `baseUrl` option is absent. */
export const openAIBaseUrlEnv = 'OPENAI_BASE_URL';

/** The env var read for the API key when the `apiKey` option is absent. */
export const openAIApiKeyEnv = 'OPENAI_API_KEY';

/** The chat model used when neither `createLLM` nor the call names one (the seed's choice). */
export const openAIDefaultModel = 'gpt-4o-mini';

/** The model `embed()` uses when it is not given an embedding model. */
export const openAIDefaultEmbeddingModel = 'text-embedding-3-small';

/** Options `createLLM('openai', …)` takes beyond the common ones. */
export interface OpenAIOptions {
  model?: string;
  /** Default: `OPENAI_BASE_URL`, then https://api.openai.com/v1. */
  baseUrl?: string;
  /** Default: `OPENAI_API_KEY`; one of the two is required. */
  apiKey?: string;
  /** Sent as the `OpenAI-Organization` header. */
  organization?: string;
  /** Sent as the `OpenAI-Project` header. */
  project?: string;
  /**
   * The `reasoning_effort` reasoning models get when a call names no `reasoning.effort` (`minimal`, `low`,
   * `medium`, `high`, …); a call's `reasoning` wins.
   */
  reasoningEffort?: string;
  /** Forces (true) or disables (false) the reasoning-model rules, for model names the detection does not know. */
  reasoningModel?: boolean;
  /** The model `embed()` uses when not given one; default `text-embedding-3-small`. */
  embeddingModel?: string;
  headers?: Record<string, string>;
}

/** OpenAI's own settings, read once when the adapter is made (the common ones are read by openai-compatible). */
export interface ResolvedOpenAISettings {
  embeddingModel: string;
  reasoningEffort: string | undefined;
  reasoningModel: boolean | undefined;
}

/**
 * Reads `embeddingModel`, `reasoningEffort` and `reasoningModel` once. Throws a TypeError naming the option
 * when one has the wrong type.
 */
export function resolveOpenAISettings(settings: ProviderSettings): ResolvedOpenAISettings {
  return {
    embeddingModel:
      loadSetting(settings, 'embeddingModel', { provider: 'openai' }) ?? openAIDefaultEmbeddingModel,
    reasoningEffort: loadSetting(settings, 'reasoningEffort', { provider: 'openai' }),
    reasoningModel: loadBooleanSetting(settings, 'reasoningModel', 'openai'),
  };
}
