import { createTransport, type Transport, transportOptionsFor, unexpectedBodyError } from '@core/http';
import {
  loadApiKey,
  loadSetting,
  type ModelInfo,
  type ProviderAdapter,
  type ProviderFactory,
  type ProviderRequest,
  type ProviderResult,
  type ProviderSettings,
  type ProviderStream,
  type ReasoningBlock,
  settleWarnings,
  type ToolCall,
} from '@core/types';
import type { AnthropicMessageResponse, AnthropicModelList } from './anthropic-api.js';
import {
  anthropicApiKeyEnv,
  anthropicApiVersion,
  anthropicBaseUrlEnv,
  anthropicCapabilities,
  anthropicProvider,
  defaultAnthropicBaseUrl,
  defaultAnthropicModel,
} from './anthropic-options.js';
import {
  type AnthropicStreamContext,
  anthropicInBandError,
  createAnthropicStreamMapper,
  jsonToolContent,
} from './anthropic-stream.js';
import { buildAnthropicRequestBody } from './build-anthropic-request-body.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { parseAnthropicError } from './parse-anthropic-error.js';

// Model listings are paged (at most 1000 per page); a bound keeps a misbehaving server from looping us.
const modelPageSize = 1000;
const maximumModelPages = 20;

// Paths carry `/v1`, as the official SDKs' base URL does not; a base URL copied from a client that
// includes it (vercel-ai's `https://api.anthropic.com/v1`) is accepted too.
function normalizeBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed.slice(0, -'/v1'.length) : trimmed;
}

/**
 * A non-stream Messages API response as our result. Text blocks are joined into `content`, thinking into
 * `reasoning` (with each block kept, signature included, in `reasoningBlocks`), `tool_use` blocks become
 * tool calls, except the structured-output tool's, whose input is the `content` (finish reason `stop`);
 * the message id (`msg_…`) is the `responseId`. An error body that came with a 2xx status is thrown as
 * its class.
 */
export function convertAnthropicResponse(
  response: AnthropicMessageResponse,
  context: {
    provider: string;
    model: string;
    requestId: string | undefined;
    jsonToolName: string | undefined;
  },
): ProviderResult {
  if (response.type === 'error' || response.error !== undefined) {
    throw anthropicInBandError(response, {
      provider: context.provider,
      model: context.model,
      ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
    });
  }
  const textParts: string[] = [];
  const reasoningParts: string[] = [];
  const reasoningBlocks: ReasoningBlock[] = [];
  const toolCalls: ToolCall[] = [];
  let jsonContent: string | undefined;
  for (const block of response.content ?? []) {
    switch (block.type) {
      case 'text':
        if (typeof block.text === 'string') textParts.push(block.text);
        break;
      case 'thinking':
        reasoningParts.push(block.thinking ?? '');
        reasoningBlocks.push({
          text: block.thinking ?? '',
          ...(typeof block.signature === 'string' && block.signature !== ''
            ? { signature: block.signature }
            : {}),
        });
        break;
      case 'redacted_thinking':
        reasoningBlocks.push({ text: '', redactedData: block.data ?? '' });
        break;
      case 'tool_use': {
        const input = block.input;
        const call: ToolCall =
          typeof input === 'object' && input !== null && !Array.isArray(input)
            ? { id: block.id ?? '', name: block.name ?? '', arguments: input as Record<string, unknown> }
            : {
                id: block.id ?? '',
                name: block.name ?? '',
                arguments: {},
                ...(input === undefined ? {} : { invalidArguments: JSON.stringify(input) }),
              };
        if (context.jsonToolName !== undefined && call.name === context.jsonToolName) {
          jsonContent = jsonToolContent(call);
        } else {
          toolCalls.push(call);
        }
        break;
      }
      default:
        // Server tool blocks (web search, code execution) ran at Anthropic; nothing to return.
        break;
    }
  }
  const rawFinishReason = response.stop_reason ?? undefined;
  let finishReason = mapAnthropicFinishReason(rawFinishReason);
  if (jsonContent !== undefined && toolCalls.length === 0 && finishReason === 'tool_calls') {
    finishReason = 'stop';
  }
  const reasoning = reasoningParts.join('');
  return {
    // With structured output, text beside the JSON tool is the model's preamble, not the answer.
    content: jsonContent ?? textParts.join(''),
    ...(reasoning === '' ? {} : { reasoning }),
    ...(reasoningBlocks.length > 0 ? { reasoningBlocks } : {}),
    toolCalls,
    finishReason,
    ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
    usage: convertAnthropicUsage(response.usage),
    ...(response.model === undefined ? {} : { model: response.model }),
    ...(typeof response.id === 'string' && response.id !== '' ? { responseId: response.id } : {}),
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
    raw: response,
  };
}

// RFC 3339 (`2025-02-19T00:00:00Z`) to unix seconds; an unparsable date is left out.
function unixSeconds(rfc3339: string | undefined): number | undefined {
  if (rfc3339 === undefined) return undefined;
  const milliseconds = Date.parse(rfc3339);
  return Number.isNaN(milliseconds) ? undefined : Math.floor(milliseconds / 1000);
}

/**
 * `createLLM('anthropic')`: Anthropic's Messages API. Reads `baseUrl` (then `ANTHROPIC_BASE_URL`, then
 * https://api.anthropic.com) and `apiKey` (then `ANTHROPIC_API_KEY`) once; throws a TypeError when there is
 * no key or a setting is not a string. The key is sent as `x-api-key`, never as `Authorization`, with
 * `anthropic-version: 2023-06-01`. Each call's options it cannot carry are its result's (or stream's)
 * warnings, or, with `unsupportedOptions: 'error'`, an `UnsupportedOptionError` before anything is sent.
 */
export const createAnthropicAdapter: ProviderFactory = (settings: ProviderSettings): ProviderAdapter => {
  const provider = anthropicProvider;
  const baseUrl = normalizeBaseUrl(
    loadSetting(settings, 'baseUrl', { provider, env: anthropicBaseUrlEnv }) ?? defaultAnthropicBaseUrl,
  );
  const apiKey = loadApiKey(settings, { provider, env: anthropicApiKeyEnv, required: true });
  const headers: Record<string, string> = { 'anthropic-version': anthropicApiVersion, ...settings.headers };
  // Set after the caller's headers so none of them replaces it; `required` made a missing key a TypeError.
  if (apiKey !== undefined) headers['x-api-key'] = apiKey;
  const transport: Transport = createTransport({
    provider,
    baseUrl,
    headers,
    parseErrorBody: parseAnthropicError,
    connections: settings.connections,
  });
  const defaultModel = loadSetting(settings, 'model', { provider }) ?? defaultAnthropicModel;

  return {
    provider,
    defaultModel,
    // Where requests go, as the transport builds them (never a `user:pass@`): for telemetry.
    baseUrl: transport.baseUrl,
    capabilities: { ...anthropicCapabilities },

    async doGenerate(request: ProviderRequest): Promise<ProviderResult> {
      const plan = buildAnthropicRequestBody(request, false);
      const warnings = settleWarnings(provider, request, plan.warnings);
      const response = await transport.requestJson<AnthropicMessageResponse | undefined>({
        path: '/v1/messages',
        body: plan.body,
        ...transportOptionsFor(request),
      });
      const body = response.body;
      // An in-band error is thrown as its class by convertAnthropicResponse; anything else without content
      // blocks (an empty body, a proxy's placeholder) is a failed call, not an empty answer.
      const isError = body?.type === 'error' || body?.error !== undefined;
      if (typeof body !== 'object' || body === null || (!isError && !Array.isArray(body.content))) {
        throw unexpectedBodyError({
          provider,
          model: request.model,
          status: response.status,
          requestId: response.requestId,
          body,
          expected: 'a message (content blocks)',
        });
      }
      const result = convertAnthropicResponse(body, {
        provider,
        model: request.model,
        requestId: response.requestId,
        jsonToolName: plan.jsonToolName,
      });
      if (warnings !== undefined) result.warnings = warnings;
      return result;
    },

    async doStream(request: ProviderRequest): Promise<ProviderStream> {
      const plan = buildAnthropicRequestBody(request, true);
      const warnings = settleWarnings(provider, request, plan.warnings);
      // The request id comes from the response headers; the mapper reads it when an in-band error needs it.
      const context: AnthropicStreamContext = {
        provider,
        model: request.model,
        ...(plan.jsonToolName === undefined ? {} : { jsonToolName: plan.jsonToolName }),
      };
      const events = await transport.streamSse(
        { path: '/v1/messages', body: plan.body, ...transportOptionsFor(request), warnings },
        createAnthropicStreamMapper(context),
      );
      if (events.requestId !== undefined) context.requestId = events.requestId;
      return events;
    },

    async listModels(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<ModelInfo[]> {
      const models: ModelInfo[] = [];
      let afterId: string | undefined;
      for (let page = 0; page < maximumModelPages; page += 1) {
        const query = `limit=${modelPageSize}${afterId === undefined ? '' : `&after_id=${encodeURIComponent(afterId)}`}`;
        const response = await transport.requestJson<AnthropicModelList>({
          path: `/v1/models?${query}`,
          method: 'GET',
          signal: options?.signal,
          timeoutMs: options?.timeoutMs,
        });
        for (const model of response.body?.data ?? []) {
          const created = unixSeconds(model.created_at);
          models.push({ id: model.id, ...(created === undefined ? {} : { created }), raw: model });
        }
        const lastId = response.body?.last_id;
        if (response.body?.has_more !== true || typeof lastId !== 'string' || lastId === afterId) break;
        afterId = lastId;
      }
      return models;
    },

    unload: () => transport.close(),
  };
};
