import { createTransport } from '@core/http';
import {
  type EmbedRequest,
  type EmbedResult,
  type ProviderAdapter,
  type ProviderFactory,
  type ProviderRequest,
  type ProviderStream,
  registerSecret,
} from '@core/types';
import {
  buildChatCompletionsBody,
  type ChatCompletionsPreset,
  createChatCompletionsAdapter,
} from '@provider/openai-compatible';
import { classifyOpenAIModel } from './classify-openai-model.js';
import { convertToOpenAIMessages } from './convert-to-openai-messages.js';
import { type ResolvedOpenAISettings, resolveOpenAISettings } from './openai-options.js';
import { mapOpenAIStream } from './openai-stream.js';
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
  registerSecret(resolved.apiKey);
  const preset = createOpenAIPreset(resolved);
  const base = createChatCompletionsAdapter(preset, {
    baseUrl: resolved.baseUrl,
    apiKey: resolved.apiKey,
    model: resolved.model,
    headers: resolved.headers,
  });
  const baseEmbed = base.embed;
  if (baseEmbed === undefined) throw new TypeError('openai: @provider/openai-compatible gave no embed()');

  // Interim (README, "Waiting on openai-compatible"): streams go through a transport of our own so the
  // refusal rule can see the events; the shared adapter's doStream hides them.
  const streamTransport = createTransport({
    provider,
    baseUrl: resolved.baseUrl,
    headers: { ...resolved.headers, authorization: `Bearer ${resolved.apiKey}` },
  });

  const adapter: ProviderAdapter = {
    provider,
    defaultModel: base.defaultModel,
    capabilities: base.capabilities,
    doGenerate: base.doGenerate,

    async doStream(request: ProviderRequest): Promise<ProviderStream> {
      const events = await streamTransport.streamSse({
        path: '/chat/completions',
        body: buildChatCompletionsBody(preset, request, true),
        headers: request.headers,
        signal: request.signal,
        timeoutMs: request.timeoutMs,
        idleTimeoutMs: request.idleTimeoutMs,
        model: request.model,
      });
      return {
        requestId: events.requestId,
        [Symbol.asyncIterator]: () => mapOpenAIStream(events, { provider, model: request.model }),
      };
    },

    listModels: base.listModels,

    embed(request: EmbedRequest): Promise<EmbedResult> {
      // `embed()` without a model falls back to the chat model (gpt-4o-mini), which /embeddings rejects.
      const model =
        request.model === resolved.model && !request.model.includes('embedding')
          ? resolved.embeddingModel
          : request.model;
      return baseEmbed({ ...request, model });
    },

    async unload(): Promise<void> {
      await Promise.all([base.unload(), streamTransport.close()]);
    },
  };
  return adapter;
};
