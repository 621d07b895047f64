import { createTransport, type Transport, transportOptionsFor, unexpectedBodyError } from '@core/http';
import {
  type EmbedRequest,
  type EmbedResult,
  loadApiKey,
  loadSetting,
  type ModelInfo,
  ModelNotFoundError,
  ProviderAPIError,
  ProviderConnectionError,
  type ProviderFactory,
  type ProviderRequest,
  type ProviderResult,
  type ProviderStream,
  settleWarnings,
} from '@core/types';
import { buildOllamaChatBody, type OllamaRequestDefaults } from './build-ollama-chat-body.js';
import { convertOllamaUsage } from './convert-ollama-usage.js';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';
import type {
  OllamaChatResponse,
  OllamaEmbedRequestBody,
  OllamaEmbedResponse,
  OllamaTagsResponse,
  OllamaUnloadRequestBody,
} from './ollama-api.js';
import {
  defaultOllamaBaseUrl,
  defaultOllamaModel,
  ollamaBaseUrlEnvironmentVariable,
  ollamaCapabilities,
  ollamaProvider,
  readKeepAlive,
  readThink,
  unloadTimeoutMs,
} from './ollama-options.js';
import { convertOllamaToolCall, createOllamaStreamMapper, ollamaInBandError } from './ollama-stream.js';
import { parseOllamaError } from './parse-ollama-error.js';

/** A non-stream `/api/chat` response as our result; an `{"error": …}` body is thrown as its class. */
export function convertOllamaChatResponse(
  response: OllamaChatResponse | undefined,
  context: { provider: string; model: string; requestId: string | undefined; status?: number },
): ProviderResult {
  if (response?.error !== undefined) throw ollamaInBandError(response, context);
  // Neither a message nor `done`: not a chat answer at all (an empty body, a proxy's placeholder).
  if (
    typeof response !== 'object' ||
    response === null ||
    (response.message === undefined && response.done === undefined)
  ) {
    throw unexpectedBodyError({
      provider: context.provider,
      model: context.model,
      status: context.status ?? 200,
      requestId: context.requestId,
      body: response,
      expected: 'a chat response (message, done)',
    });
  }
  if (response.done !== true) {
    throw new ProviderConnectionError({
      provider: context.provider,
      model: context.model,
      requestId: context.requestId,
      message: 'Ollama answered without `done: true`: the response is incomplete',
    });
  }
  const message = response.message;
  const toolCalls = (message?.tool_calls ?? []).map((call, index) => convertOllamaToolCall(call, index + 1));
  const rawFinishReason = response.done_reason;
  const reasoning = message?.thinking;
  return {
    content: message?.content ?? '',
    ...(reasoning === undefined || reasoning === '' ? {} : { reasoning }),
    toolCalls,
    finishReason: mapOllamaFinishReason(rawFinishReason),
    ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
    usage: convertOllamaUsage(response),
    ...(response.model === undefined || response.model === '' ? {} : { model: response.model }),
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
    raw: response,
  };
}

/**
 * Makes the Ollama adapter: the native API (`/api/chat`, `/api/embed`, `/api/tags`), not the OpenAI shim.
 * The base URL is `baseUrl`, then `OLLAMA_BASE_URL`, then `http://localhost:11434`, read once; no key is
 * needed, but `apiKey` is sent as a bearer token for a hosted or proxied Ollama. Throws a TypeError for a
 * `baseUrl`, `model` or `apiKey` that is not a string, or a `think` / `keepAlive` value Ollama does not
 * take. Each call's options it cannot carry are its result's (or stream's) warnings, or, with
 * `unsupportedOptions: 'error'`, an `UnsupportedOptionError` before anything is sent.
 */
export const createOllamaAdapter: ProviderFactory = (settings) => {
  const provider = ollamaProvider;
  const baseUrl =
    loadSetting(settings, 'baseUrl', { provider, env: ollamaBaseUrlEnvironmentVariable }) ??
    defaultOllamaBaseUrl;
  const defaults: OllamaRequestDefaults = { think: readThink(settings), keepAlive: readKeepAlive(settings) };
  const apiKey = loadApiKey(settings, { provider });
  const headers: Record<string, string> = { ...settings.headers };
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;

  const transport: Transport = createTransport({
    provider,
    baseUrl,
    headers,
    parseErrorBody: parseOllamaError,
    connections: settings.connections,
  });
  const defaultModel = loadSetting(settings, 'model', { provider }) ?? defaultOllamaModel;
  // Models this adapter asked Ollama to load, so `unload()` without a model can free each of them.
  const usedModels = new Set<string>();

  async function unloadOne(model: string): Promise<void> {
    // ollama-api.md, "Unload a model": no prompt and `keep_alive: 0`; `stream: false` gets one JSON object.
    const body: OllamaUnloadRequestBody = { model, keep_alive: 0, stream: false };
    try {
      await transport.requestJson({ path: '/api/generate', body, timeoutMs: unloadTimeoutMs, model });
    } catch (error) {
      // A model Ollama does not have is not loaded: there is nothing to free.
      if (!ModelNotFoundError.isInstance(error)) throw error;
    }
    usedModels.delete(model);
  }

  // Ollama's chat answers carry no id of their own, so results and chunks have no `responseId`.
  return {
    provider,
    defaultModel,
    // Where requests go, as the transport builds them (never a `user:pass@`): for telemetry.
    baseUrl: transport.baseUrl,
    capabilities: ollamaCapabilities,

    async doGenerate(request: ProviderRequest): Promise<ProviderResult> {
      const plan = buildOllamaChatBody(request, false, defaults);
      const warnings = settleWarnings(provider, request, plan.warnings);
      usedModels.add(request.model);
      const response = await transport.requestJson<OllamaChatResponse>({
        path: '/api/chat',
        body: plan.body,
        ...transportOptionsFor(request),
      });
      const result = convertOllamaChatResponse(response.body, {
        provider,
        model: request.model,
        requestId: response.requestId,
        status: response.status,
      });
      if (warnings !== undefined) result.warnings = warnings;
      return result;
    },

    async doStream(request: ProviderRequest): Promise<ProviderStream> {
      const plan = buildOllamaChatBody(request, true, defaults);
      const warnings = settleWarnings(provider, request, plan.warnings);
      usedModels.add(request.model);
      return transport.streamNdjson(
        { path: '/api/chat', body: plan.body, ...transportOptionsFor(request), warnings },
        createOllamaStreamMapper({ provider, model: request.model }),
      );
    },

    async listModels(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<ModelInfo[]> {
      const response = await transport.requestJson<OllamaTagsResponse>({
        path: '/api/tags',
        method: 'GET',
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      });
      return (response.body?.models ?? []).map((model): ModelInfo => {
        const modifiedMs = model.modified_at === undefined ? Number.NaN : Date.parse(model.modified_at);
        return {
          id: model.name,
          ...(Number.isNaN(modifiedMs) ? {} : { created: Math.floor(modifiedMs / 1000) }),
          // `size` (bytes), `details` (family, parameter size, quantization) and `digest` stay in `raw`.
          raw: model,
        };
      });
    },

    async embed(request: EmbedRequest): Promise<EmbedResult> {
      const body: OllamaEmbedRequestBody = { model: request.model, input: [...request.input] };
      if (defaults.keepAlive !== undefined) body.keep_alive = defaults.keepAlive;
      if (request.providerOptions !== undefined) Object.assign(body, request.providerOptions);
      usedModels.add(request.model);
      const response = await transport.requestJson<OllamaEmbedResponse>({
        path: '/api/embed',
        body,
        ...transportOptionsFor(request),
      });
      if (response.body?.error !== undefined) {
        throw ollamaInBandError(response.body, {
          provider,
          model: request.model,
          requestId: response.requestId,
        });
      }
      const embeddings = response.body?.embeddings;
      if (!Array.isArray(embeddings) || embeddings.length !== request.input.length) {
        throw new ProviderAPIError({
          provider,
          model: request.model,
          requestId: response.requestId,
          message: `Ollama returned ${Array.isArray(embeddings) ? embeddings.length : 'no'} embeddings for ${request.input.length} inputs`,
        });
      }
      const inputTokens = response.body?.prompt_eval_count;
      return {
        embeddings,
        ...(inputTokens === undefined ? {} : { usage: { inputTokens } }),
        ...(response.body?.model === undefined ? {} : { model: response.body.model }),
      };
    },

    async unload(model?: string): Promise<void> {
      const models = model === undefined ? [...usedModels] : [model];
      try {
        const results = await Promise.allSettled(models.map(unloadOne));
        const failure = results.find((result) => result.status === 'rejected');
        if (failure !== undefined) throw failure.reason;
      } finally {
        await transport.close();
      }
    },
  };
};
