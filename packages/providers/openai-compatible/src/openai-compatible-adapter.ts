import {
  createTransport,
  parseToolArguments,
  type Transport,
  transportOptionsFor,
  unexpectedBodyError,
} from '@core/http';
import {
  type EmbedRequest,
  type EmbedResult,
  type ModelInfo,
  type ProviderAdapter,
  type ProviderRequest,
  type ProviderResult,
  type ProviderSettings,
  type ProviderStream,
  registerSecret,
} from '@core/types';
import { convertOpenAICompatibleUsage } from './convert-openai-compatible-usage.js';
import { convertToOpenAICompatibleMessages } from './convert-to-openai-compatible-messages.js';
import { hasText, resolveOpenAICompatibleFinishReason } from './map-openai-compatible-finish-reason.js';
import type {
  ChatCompletionRequestBody,
  ChatCompletionResponse,
  EmbeddingResponse,
  ModelListResponse,
} from './openai-compatible-api.js';
import { type ChatCompletionsPreset, defaultCapabilities } from './openai-compatible-options.js';
import { createOpenAICompatibleStreamMapper, inBandError } from './openai-compatible-stream.js';
import { parseOpenAICompatibleError } from './parse-openai-compatible-error.js';

import { prepareOpenAICompatibleTools } from './prepare-openai-compatible-tools.js';

function readString(settings: ProviderSettings, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function readEnvironment(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The request body for one call; `providerOptions` go in last, unchanged. */
export function buildChatCompletionsBody(
  preset: ChatCompletionsPreset,
  request: ProviderRequest,
  stream: boolean,
): ChatCompletionRequestBody {
  const body: ChatCompletionRequestBody = {
    model: request.model,
    messages: convertToOpenAICompatibleMessages(request.messages),
    ...prepareOpenAICompatibleTools(request.tools, request.toolChoice),
  };
  if (stream) {
    body.stream = true;
    if (preset.streamUsage !== false) body.stream_options = { include_usage: true };
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined && preset.topK === true) body.top_k = request.topK;
  if (request.stop !== undefined) body.stop = [...request.stop];
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.responseFormat !== undefined) {
    body.response_format =
      request.responseFormat.schema === undefined
        ? { type: 'json_object' }
        : {
            type: 'json_schema',
            json_schema: {
              name: request.responseFormat.name ?? 'response',
              schema: request.responseFormat.schema,
            },
          };
  }
  preset.adjustBody?.(body, request);
  if (request.providerOptions !== undefined) Object.assign(body, request.providerOptions);
  return body;
}

/** A non-stream Chat Completions response as our result. */
export function convertChatCompletionsResponse(
  response: ChatCompletionResponse,
  requestId: string | undefined,
): ProviderResult {
  const choice = response.choices?.[0];
  const message = choice?.message;
  const toolCalls = (message?.tool_calls ?? []).map((call, position) => ({
    id: call.id ?? `call_${position + 1}`,
    name: call.function?.name ?? '',
    ...parseToolArguments(call.function?.arguments ?? ''),
  }));
  const reasoning = message?.reasoning_content ?? message?.reasoning ?? undefined;
  const rawFinishReason = choice?.finish_reason ?? undefined;
  const content = message?.content;
  const refusal = message?.refusal;
  const hasContent = hasText(content);
  const hasRefusal = hasText(refusal);
  return {
    // A refusal is the model's answer, not a failure: it is the content, with `content_filter` as the reason.
    content: hasContent ? content : hasRefusal ? refusal : '',
    ...(reasoning === undefined || reasoning === '' ? {} : { reasoning }),
    toolCalls,
    finishReason: resolveOpenAICompatibleFinishReason(rawFinishReason, {
      hasContent,
      hasRefusal,
    }),
    ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
    usage: convertOpenAICompatibleUsage(response.usage),
    ...(response.model === undefined ? {} : { model: response.model }),
    ...(requestId === undefined ? {} : { requestId }),
    raw: response,
  };
}

/**
 * Makes an adapter for a Chat Completions server described by `preset`, reading base URL and key from
 * `settings`, then the preset's env vars, then its defaults, once. Throws a TypeError when no base URL can
 * be found or a required key is missing.
 */
export function createChatCompletionsAdapter(
  preset: ChatCompletionsPreset,
  settings: ProviderSettings,
): ProviderAdapter {
  const provider = preset.provider;
  const baseUrl =
    readString(settings, 'baseUrl') ?? readEnvironment(preset.baseUrlEnv) ?? preset.defaultBaseUrl;
  if (baseUrl === undefined) {
    throw new TypeError(
      `${provider}: baseUrl is required (e.g. createLLM('${provider}', { baseUrl: 'http://localhost:8080/v1' }))`,
    );
  }
  const apiKey = readString(settings, 'apiKey') ?? readEnvironment(preset.apiKeyEnv);
  if (apiKey === undefined && preset.requiresApiKey === true) {
    throw new TypeError(
      `${provider}: an API key is required: pass { apiKey } or set ${preset.apiKeyEnv ?? 'the API key'}`,
    );
  }
  registerSecret(apiKey);
  const headers: Record<string, string> = { ...preset.headers };
  const appUrl = readString(settings, 'appUrl');
  const appName = readString(settings, 'appName');
  if (appUrl !== undefined) headers['HTTP-Referer'] = appUrl;
  if (appName !== undefined) headers['X-Title'] = appName;
  Object.assign(headers, settings.headers);
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;

  const transport: Transport = createTransport({
    provider,
    baseUrl,
    headers,
    parseErrorBody: parseOpenAICompatibleError,
  });
  const defaultModel = readString(settings, 'model') ?? preset.defaultModel;

  return {
    provider,
    defaultModel,
    capabilities: { ...defaultCapabilities, ...preset.capabilities },

    async doGenerate(request: ProviderRequest): Promise<ProviderResult> {
      const response = await transport.requestJson<ChatCompletionResponse>({
        path: '/chat/completions',
        body: buildChatCompletionsBody(preset, request, false),
        ...transportOptionsFor(request),
      });
      const body: ChatCompletionResponse | undefined = response.body;
      // OpenRouter answers some failures with a 200 whose body is an error object.
      if (body?.error !== undefined) throw inBandError(body.error, provider, request.model);
      // A proxy or a half-compatible server can answer 200 with nothing usable: that is a failed call.
      if (typeof body?.choices?.[0]?.message !== 'object' || body.choices[0].message === null) {
        throw unexpectedBodyError({
          provider,
          model: request.model,
          status: response.status,
          requestId: response.requestId,
          body,
          expected: 'a chat completion (choices[0].message)',
        });
      }
      return convertChatCompletionsResponse(body, response.requestId);
    },

    doStream(request: ProviderRequest): Promise<ProviderStream> {
      return transport.streamSse(
        {
          path: '/chat/completions',
          body: buildChatCompletionsBody(preset, request, true),
          ...transportOptionsFor(request),
        },
        createOpenAICompatibleStreamMapper({ provider, model: request.model }),
      );
    },

    async listModels(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<ModelInfo[]> {
      const response = await transport.requestJson<ModelListResponse>({
        path: '/models',
        method: 'GET',
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      });
      return (response.body.data ?? []).map((model) => ({
        id: model.id,
        ...(model.owned_by === undefined ? {} : { ownedBy: model.owned_by }),
        ...(model.created === undefined ? {} : { created: model.created }),
        ...(model.context_length === undefined ? {} : { contextLength: model.context_length }),
        raw: model,
      }));
    },

    async embed(request: EmbedRequest): Promise<EmbedResult> {
      const response = await transport.requestJson<EmbeddingResponse>({
        path: '/embeddings',
        body: { model: request.model, input: request.input, ...request.providerOptions },
        ...transportOptionsFor(request),
      });
      const data = [...(response.body.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      return {
        embeddings: data.map((item) => item.embedding),
        ...(response.body.usage?.prompt_tokens === undefined
          ? {}
          : { usage: { inputTokens: response.body.usage.prompt_tokens } }),
        ...(response.body.model === undefined ? {} : { model: response.body.model }),
      };
    },

    unload: () => transport.close(),
  };
}
