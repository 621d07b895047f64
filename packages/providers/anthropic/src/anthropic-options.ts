import type { ProviderCapabilities } from '@core/types';

/** Options `createLLM('anthropic', …)` takes beyond the common ones. */
export interface AnthropicOptions {
  /** Default `claude-haiku-4-5`. */
  model?: string;
  /** Default `ANTHROPIC_BASE_URL`, then `https://api.anthropic.com` (a trailing `/v1` is accepted and dropped). */
  baseUrl?: string;
  /** Default `ANTHROPIC_API_KEY`; required. Sent as `x-api-key`. */
  apiKey?: string;
  /** Sent with every request, e.g. `{ 'anthropic-beta': '…' }`. */
  headers?: Record<string, string>;
}

/** The provider name in errors and events. */
export const anthropicProvider = 'anthropic';

/** Where the API lives when neither `baseUrl` nor `ANTHROPIC_BASE_URL` says otherwise. */
export const defaultAnthropicBaseUrl = 'https://api.anthropic.com';

/** Env var read (once, when the adapter is made) for the base URL. */
export const anthropicBaseUrlEnv = 'ANTHROPIC_BASE_URL';

/** Env var read (once, when the adapter is made) for the API key. */
export const anthropicApiKeyEnv = 'ANTHROPIC_API_KEY';

/** The `anthropic-version` header every request carries; the API rejects requests without one. */
export const anthropicApiVersion = '2023-06-01';

/** The model used when neither `createLLM` nor the call names one: Anthropic's small, fast current model. */
export const defaultAnthropicModel = 'claude-haiku-4-5';

/**
 * `max_tokens` when the call sets no `maxTokens`: the API requires the field, and 4096 fits every current
 * model's output limit while leaving room for a thinking budget of 1024.
 */
export const defaultAnthropicMaxTokens = 4096;

/** The tool that carries structured output when the response format names no schema name. */
export const defaultJsonToolName = 'json';

/** What the Messages API does natively: tools, JSON Schema output (through a forced tool) and images; no embeddings. */
export const anthropicCapabilities: ProviderCapabilities = {
  tools: true,
  structuredOutput: 'json-schema',
  images: true,
  embeddings: false,
};
