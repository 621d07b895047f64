import type { ProviderFactory } from '@core/types';
import { type ChatCompletionsPreset, createChatCompletionsAdapter } from '@provider/openai-compatible';
import { classifyOpenAIModel } from './classify-openai-model.js';
import { convertToOpenAIMessages } from './convert-to-openai-messages.js';
import { type ResolvedOpenAISettings, resolveOpenAISettings } from './openai-options.js';
import { prepareOpenAIResponseFormat, prepareOpenAITools } from './prepare-openai-tools.js';

const provider = 'openai';

/**
 * The Chat Completions preset for OpenAI: usage in streams, no `top_k` (not an OpenAI parameter), strict
 * tools and schemas where they fit, and the reasoning-model rules applied to each body.
 */
export function createOpenAIPreset(settings: ResolvedOpenAISettings): ChatCompletionsPreset {
  return {
    provider,
    defaultModel: settings.model,
    streamUsage: true,
    topK: false,
    adjustBody(body, request) {
      if (body.tools !== undefined) body.tools = prepareOpenAITools(body.tools);
      if (body.response_format !== undefined) {
        body.response_format = prepareOpenAIResponseFormat(body.response_format);
      }
      const rules = classifyOpenAIModel(request.model, settings.reasoningModel);
      if (rules.reasoning) {
        // Reasoning models answer 400 `unsupported_parameter` to max_tokens, temperature, top_p and
        // (o3, o4-mini, gpt-5) stop; the pipeline still cuts text at the stop sequences.
        if (body.max_tokens !== undefined) body.max_completion_tokens = body.max_tokens;
        delete body.max_tokens;
        delete body.temperature;
        delete body.top_p;
        delete body.stop;
        if (settings.reasoningEffort !== undefined) body.reasoning_effort = settings.reasoningEffort;
      }
      body.messages = convertToOpenAIMessages(body.messages, rules.instructionRole);
    },
  };
}

/**
 * `createLLM('openai')`: OpenAI's Chat Completions API (and `/embeddings`, `/models`) at `baseUrl`, then
 * `OPENAI_BASE_URL`, then https://api.openai.com/v1, with `apiKey` or `OPENAI_API_KEY`. Throws a TypeError
 * naming `OPENAI_API_KEY` when there is no key.
 */
export const createOpenAIAdapter: ProviderFactory = (settings) => {
  const resolved = resolveOpenAISettings(settings);
  // createChatCompletionsAdapter registers the key as a secret and sends it as the bearer token.
  const base = createChatCompletionsAdapter(createOpenAIPreset(resolved), {
    baseUrl: resolved.baseUrl,
    apiKey: resolved.apiKey,
    model: resolved.model,
    headers: resolved.headers,
  });
  // `embed()` without a model uses defaultEmbeddingModel; the chat model (gpt-4o-mini) is no embedding model.
  return { ...base, defaultEmbeddingModel: resolved.embeddingModel };
};
