import type { ProviderFactory } from '@core/types';
import { type ChatCompletionsPreset, createChatCompletionsAdapter } from '@provider/openai-compatible';
import { openAIModelRules } from './openai-model-rules.js';
import {
  openAIApiKeyEnv,
  openAIBaseUrlEnv,
  openAIDefaultBaseUrl,
  openAIDefaultModel,
  type ResolvedOpenAISettings,
  resolveOpenAISettings,
} from './openai-options.js';
import { openAIStrictSchemas } from './openai-strict-schemas.js';

/**
 * The Chat Completions preset for OpenAI, as data: its URL, key and headers, usage in streams, no `top_k`
 * (not an OpenAI parameter), strict tools and schemas where they fit, and each model's rules.
 */
function createOpenAIPreset(settings: ResolvedOpenAISettings): ChatCompletionsPreset {
  return {
    provider: 'openai',
    defaultBaseUrl: openAIDefaultBaseUrl,
    baseUrlEnv: openAIBaseUrlEnv,
    apiKeyEnv: openAIApiKeyEnv,
    requiresApiKey: true,
    defaultModel: openAIDefaultModel,
    headerSettings: { organization: 'OpenAI-Organization', project: 'OpenAI-Project' },
    streamUsage: true,
    topK: false,
    strictSchemas: openAIStrictSchemas,
    modelRules: (model) => openAIModelRules(model, settings),
  };
}

/**
 * `createLLM('openai')`: OpenAI's Chat Completions API (and `/embeddings`, `/models`) at `baseUrl`, then
 * `OPENAI_BASE_URL`, then https://api.openai.com/v1, with `apiKey` or `OPENAI_API_KEY`. Throws a TypeError
 * naming `OPENAI_API_KEY` when there is no key, and one naming the option when an option has the wrong type.
 */
export const createOpenAIAdapter: ProviderFactory = (settings) => {
  const resolved = resolveOpenAISettings(settings);
  // createChatCompletionsAdapter reads the common settings once, registers the key as a secret and sends it
  // as the bearer token.
  const base = createChatCompletionsAdapter(createOpenAIPreset(resolved), settings);
  // `embed()` without a model uses defaultEmbeddingModel; the chat model (gpt-4o-mini) is no embedding model.
  return { ...base, defaultEmbeddingModel: resolved.embeddingModel };
};
