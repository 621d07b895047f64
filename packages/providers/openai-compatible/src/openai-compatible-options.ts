import type { ProviderCapabilities, ProviderRequest } from '@core/types';
import type { ChatCompletionRequestBody } from './openai-compatible-api.js';

/**
 * What distinguishes one Chat Completions server from another, as data: names, defaults, env vars and
 * wire quirks. LM Studio, vLLM and OpenRouter are presets, not forks.
 */
export interface ChatCompletionsPreset {
  /** The provider name in errors and events. */
  provider: string;
  defaultBaseUrl?: string;
  /** Env var for the base URL (read once, when the adapter is made). */
  baseUrlEnv?: string;
  /** Env var for the API key. */
  apiKeyEnv?: string;
  defaultModel?: string;
  /** Fail early, with the env var's name, when no key is given. */
  requiresApiKey?: boolean;
  /** Headers every request carries (attribution and the like). */
  headers?: Record<string, string>;
  /** Ask for usage in streams with `stream_options.include_usage` (servers that reject it set false). */
  streamUsage?: boolean;
  /** The server accepts `top_k` (vLLM, LM Studio); OpenAI's own API does not. */
  topK?: boolean;
  capabilities?: Partial<ProviderCapabilities>;
  /** Last adjustments to the body for this server's rules, before `providerOptions` are merged in. */
  adjustBody?: (body: ChatCompletionRequestBody, request: ProviderRequest) => void;
}

/** Options `createLLM` takes for Chat Completions providers, beyond the common ones. */
export interface OpenAICompatibleOptions {
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** OpenRouter: your app's URL and name, sent as `HTTP-Referer` and `X-Title` for attribution. */
  appUrl?: string;
  appName?: string;
}

export const defaultCapabilities: ProviderCapabilities = {
  tools: true,
  structuredOutput: 'json-schema',
  images: true,
  embeddings: true,
};

/** Any OpenAI-compatible server: `baseUrl` is required. */
export const openAICompatiblePreset: ChatCompletionsPreset = {
  provider: 'openai-compatible',
  streamUsage: true,
  topK: false,
};

/** LM Studio's local server. */
export const lmStudioPreset: ChatCompletionsPreset = {
  provider: 'lmstudio',
  defaultBaseUrl: 'http://localhost:1234/v1',
  baseUrlEnv: 'LMSTUDIO_BASE_URL',
  defaultModel: 'local-model',
  streamUsage: true,
  topK: true,
};

/** vLLM's OpenAI-compatible server; structured output also goes through its guided decoding field. */
export const vllmPreset: ChatCompletionsPreset = {
  provider: 'vllm',
  defaultBaseUrl: 'http://localhost:8000/v1',
  baseUrlEnv: 'VLLM_BASE_URL',
  streamUsage: true,
  topK: true,
  adjustBody(body, request) {
    // vLLM's guided decoding: `guided_json` constrains sampling to the schema on every vLLM version,
    // including those whose `response_format` support is partial.
    if (request.responseFormat?.schema !== undefined) body.guided_json = request.responseFormat.schema;
  },
};

/** OpenRouter: one key, many upstream models. */
export const openRouterPreset: ChatCompletionsPreset = {
  provider: 'openrouter',
  defaultBaseUrl: 'https://openrouter.ai/api/v1',
  baseUrlEnv: 'OPENROUTER_BASE_URL',
  apiKeyEnv: 'OPENROUTER_API_KEY',
  requiresApiKey: true,
  streamUsage: true,
  topK: true,
};
