import { createTransport, type Transport, transportOptionsFor, unexpectedBodyError } from '@core/http';
import {
  type EmbedRequest,
  type EmbedResult,
  loadApiKey,
  loadSetting,
  type ModelInfo,
  type ProviderAdapter,
  type ProviderRequest,
  type ProviderResult,
  type ProviderSettings,
  type ProviderStream,
  settleWarnings,
} from '@core/types';
import { buildChatCompletionsBody } from './build-chat-completions-body.js';
import { convertChatCompletionsResponse } from './convert-chat-completions-response.js';
import type {
  ChatCompletionResponse,
  EmbeddingResponse,
  ModelListResponse,
} from './openai-compatible-api.js';
import { defaultCapabilities } from './openai-compatible-options.js';
import type { ChatCompletionsPreset } from './openai-compatible-preset.js';
import { createOpenAICompatibleStreamMapper } from './openai-compatible-stream.js';
import { openAICompatibleInBandError, parseOpenAICompatibleError } from './parse-openai-compatible-error.js';

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
  const baseUrl = loadSetting(settings, 'baseUrl', {
    provider,
    env: preset.baseUrlEnv,
    default: preset.defaultBaseUrl,
  });
  if (baseUrl === undefined) {
    throw new TypeError(
      `${provider}: baseUrl is required (e.g. createLLM('${provider}', { baseUrl: 'http://localhost:8080/v1' }))`,
    );
  }
  // Registered as a secret, so no error or event can carry it.
  const apiKey = loadApiKey(settings, {
    provider,
    env: preset.apiKeyEnv,
    required: preset.requiresApiKey === true,
  });
  const headers: Record<string, string> = { ...preset.headers };
  for (const [option, header] of Object.entries(preset.headerSettings ?? {})) {
    const value = loadSetting(settings, option, { provider });
    if (value !== undefined) headers[header] = value;
  }
  Object.assign(headers, settings.headers);
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;

  const transport: Transport = createTransport({
    provider,
    baseUrl,
    headers,
    parseErrorBody: parseOpenAICompatibleError,
    connections: settings.connections,
  });
  const defaultModel = loadSetting(settings, 'model', { provider, default: preset.defaultModel });

  return {
    provider,
    defaultModel,
    // Where requests go, as the transport builds them (never a `user:pass@`): for telemetry.
    baseUrl: transport.baseUrl,
    capabilities: { ...defaultCapabilities, ...preset.capabilities },

    async doGenerate(request: ProviderRequest): Promise<ProviderResult> {
      const built = buildChatCompletionsBody(preset, request, false);
      // Before sending: with unsupportedOptions: 'error' this throws, and nothing goes on the wire.
      const warnings = settleWarnings(provider, request, built.warnings);
      const response = await transport.requestJson<ChatCompletionResponse>({
        path: '/chat/completions',
        body: built.body,
        ...transportOptionsFor(request),
      });
      const body: ChatCompletionResponse | undefined = response.body;
      // OpenRouter answers some failures with a 200 whose body is an error object.
      if (body?.error !== undefined) {
        throw openAICompatibleInBandError(body.error, {
          provider,
          model: request.model,
          requestId: response.requestId,
        });
      }
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
      const result = convertChatCompletionsResponse(body, response.requestId);
      if (warnings !== undefined) result.warnings = warnings;
      return result;
    },

    async doStream(request: ProviderRequest): Promise<ProviderStream> {
      const built = buildChatCompletionsBody(preset, request, true);
      const warnings = settleWarnings(provider, request, built.warnings);
      return transport.streamSse(
        {
          path: '/chat/completions',
          body: built.body,
          ...transportOptionsFor(request),
          warnings,
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
