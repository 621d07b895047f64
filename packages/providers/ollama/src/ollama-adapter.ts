import { createTransport, type Transport, transportOptionsFor, unexpectedBodyError } from '@core/http';
import {
  type EmbedRequest,
  type EmbedResult,
  type ModelInfo,
  ModelNotFoundError,
  ProviderAPIError,
  ProviderConnectionError,
  type ProviderFactory,
  type ProviderRequest,
  type ProviderResult,
  type ProviderStream,
  registerSecret,
} from '@core/types';
import { convertOllamaUsage } from './convert-ollama-usage.js';
import { convertToOllamaMessages } from './convert-to-ollama-messages.js';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';
import type {
  OllamaChatRequestBody,
  OllamaChatResponse,
  OllamaEmbedRequestBody,
  OllamaEmbedResponse,
  OllamaKeepAlive,
  OllamaModelOptions,
  OllamaTagsResponse,
  OllamaThink,
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
import { prepareOllamaTools } from './prepare-ollama-tools.js';

/** The adapter's own settings that reach every chat request, read once by the factory. */
export interface OllamaRequestDefaults {
  think?: OllamaThink;
  keepAlive?: OllamaKeepAlive;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function readEnvironment(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The `/api/chat` body for one call. `stream` is always set, since Ollama streams unless told `false`.
 * Sampling goes into `options` in Ollama's spelling (`num_predict` for maxTokens). `providerOptions` are
 * merged in last: their `options` object is merged key by key INTO ours (so `{ options: { num_ctx: 8192 } }`
 * keeps `temperature`), every other key replaces the top-level field, and `stream` stays ours because it
 * decides how the answer is read. Throws an `InvalidRequestError` for an image given as a remote URL.
 */
export function buildOllamaChatBody(
  request: ProviderRequest,
  stream: boolean,
  defaults: OllamaRequestDefaults = {},
): OllamaChatRequestBody {
  const body: OllamaChatRequestBody = {
    model: request.model,
    messages: convertToOllamaMessages(request.messages),
    stream,
  };
  const tools = prepareOllamaTools(request.tools, request.toolChoice);
  if (tools !== undefined) body.tools = tools;
  if (request.responseFormat !== undefined) body.format = request.responseFormat.schema ?? 'json';
  const options: OllamaModelOptions = {};
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.topP !== undefined) options.top_p = request.topP;
  if (request.topK !== undefined) options.top_k = request.topK;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.stop !== undefined) options.stop = [...request.stop];
  if (defaults.think !== undefined) body.think = defaults.think;
  if (defaults.keepAlive !== undefined) body.keep_alive = defaults.keepAlive;
  if (request.providerOptions !== undefined) {
    const { options: extraOptions, ...rest } = request.providerOptions;
    Object.assign(body, rest);
    if (isRecord(extraOptions)) Object.assign(options, extraOptions);
    else if (extraOptions !== undefined) body.options = extraOptions as OllamaModelOptions;
    body.stream = stream;
  }
  if (body.options === undefined && Object.keys(options).length > 0) body.options = options;
  return body;
}

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
 * base URL that is not a URL or a `think` / `keepAlive` value Ollama does not take.
 */
export const createOllamaAdapter: ProviderFactory = (settings) => {
  const provider = ollamaProvider;
  const baseUrl =
    readString(settings.baseUrl) ?? readEnvironment(ollamaBaseUrlEnvironmentVariable) ?? defaultOllamaBaseUrl;
  const defaults: OllamaRequestDefaults = { think: readThink(settings), keepAlive: readKeepAlive(settings) };
  const apiKey = readString(settings.apiKey);
  registerSecret(apiKey);
  const headers: Record<string, string> = { ...settings.headers };
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;

  const transport: Transport = createTransport({
    provider,
    baseUrl,
    headers,
    parseErrorBody: parseOllamaError,
  });
  const defaultModel = readString(settings.model) ?? defaultOllamaModel;
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

  return {
    provider,
    defaultModel,
    capabilities: ollamaCapabilities,

    async doGenerate(request: ProviderRequest): Promise<ProviderResult> {
      const body = buildOllamaChatBody(request, false, defaults);
      usedModels.add(request.model);
      const response = await transport.requestJson<OllamaChatResponse>({
        path: '/api/chat',
        body,
        ...transportOptionsFor(request),
      });
      return convertOllamaChatResponse(response.body, {
        provider,
        model: request.model,
        requestId: response.requestId,
        status: response.status,
      });
    },

    doStream(request: ProviderRequest): Promise<ProviderStream> {
      const body = buildOllamaChatBody(request, true, defaults);
      usedModels.add(request.model);
      return transport.streamNdjson(
        { path: '/api/chat', body, ...transportOptionsFor(request) },
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
      const embeddings = response.body?.embeddings;
      if (!Array.isArray(embeddings) || embeddings.length !== request.input.length) {
        const parsed = parseOllamaError(response.body);
        throw new ProviderAPIError({
          provider,
          model: request.model,
          requestId: response.requestId,
          message:
            parsed.message ??
            `Ollama returned ${Array.isArray(embeddings) ? embeddings.length : 'no'} embeddings for ${request.input.length} inputs`,
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
