import type { ProviderCapabilities } from '@core/types';
import type {
  ChatCompletionsModelRules,
  ChatCompletionsPreset,
  ChatCompletionsReasoning,
} from './openai-compatible-preset.js';

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

// The same rules for every model of a server that does not vary them by model.
function rulesForEveryModel(reasoning: ChatCompletionsReasoning): () => ChatCompletionsModelRules {
  const rules: ChatCompletionsModelRules = {
    maxTokensField: 'max_tokens',
    rejectedOptions: [],
    instructionRole: 'system',
    reasoning,
  };
  return () => rules;
}

/**
 * Any OpenAI-compatible server: `baseUrl` is required. It speaks OpenAI's Chat Completions, whose one
 * reasoning control is `reasoning_effort` (../shared/specs/openai-openapi.yaml, CreateChatCompletionRequest
 * → ReasoningEffort); the spec has no token budget, and no way to turn reasoning off that every server
 * takes, so those are reported rather than guessed. `top_k` is not an OpenAI parameter.
 */
export const openAICompatiblePreset: ChatCompletionsPreset = {
  provider: 'openai-compatible',
  streamUsage: true,
  topK: false,
};

/**
 * LM Studio's local server. https://lmstudio.ai/docs/developer/openai-compat/chat-completions lists
 * `top_k` among its payload parameters and points to OpenAI's reference for the rest; it documents no
 * reasoning budget and no off switch on /v1/chat/completions (the `reasoning` object is /v1/responses
 * only, https://lmstudio.ai/blog/lmstudio-v0.3.29), so effort goes as OpenAI's `reasoning_effort` and the
 * other two are reported.
 */
export const lmStudioPreset: ChatCompletionsPreset = {
  provider: 'lmstudio',
  defaultBaseUrl: 'http://localhost:1234/v1',
  baseUrlEnv: 'LMSTUDIO_BASE_URL',
  defaultModel: 'local-model',
  streamUsage: true,
  topK: true,
};

/**
 * vLLM's OpenAI-compatible server. Its ChatCompletionRequest (vllm/entrypoints/openai/protocol.py) takes
 * `top_k`, `guided_json` and `reasoning_effort: 'low' | 'medium' | 'high'`, and no reasoning budget.
 * Reasoning is turned off through the chat template: "The reasoning feature for the Qwen3 series is enabled
 * by default. To disable it, you must pass enable_thinking=False in your chat_template_kwargs"
 * (https://docs.vllm.ai/en/stable/features/reasoning_outputs/); templates without that switch ignore it.
 */
export const vllmPreset: ChatCompletionsPreset = {
  provider: 'vllm',
  defaultBaseUrl: 'http://localhost:8000/v1',
  baseUrlEnv: 'VLLM_BASE_URL',
  streamUsage: true,
  topK: true,
  // `guided_json` constrains sampling to the schema on every vLLM version, including those whose
  // `response_format` support is partial.
  guidedJson: true,
  modelRules: rulesForEveryModel({
    field: 'reasoning_effort',
    off: { chat_template_kwargs: { enable_thinking: false } },
  }),
};

/**
 * OpenRouter: one key, many upstream models. Reasoning goes in its one `reasoning` object, which it maps to
 * each upstream's control: `effort` or `max_tokens` ("One of the following (not both)"), `enabled`
 * (https://openrouter.ai/docs/use-cases/reasoning-tokens). It forwards `top_k` to the models that take it.
 */
export const openRouterPreset: ChatCompletionsPreset = {
  provider: 'openrouter',
  defaultBaseUrl: 'https://openrouter.ai/api/v1',
  baseUrlEnv: 'OPENROUTER_BASE_URL',
  apiKeyEnv: 'OPENROUTER_API_KEY',
  requiresApiKey: true,
  // App attribution (https://openrouter.ai/docs/app-attribution; X-Title is still read beside the newer
  // X-OpenRouter-Title).
  headerSettings: { appUrl: 'HTTP-Referer', appName: 'X-Title' },
  streamUsage: true,
  topK: true,
  modelRules: rulesForEveryModel({ field: 'reasoning' }),
};
