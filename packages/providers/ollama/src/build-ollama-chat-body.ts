import type { ProviderRequest, Warning } from '@core/types';
import { convertToOllamaMessages } from './convert-to-ollama-messages.js';
import type {
  OllamaChatRequestBody,
  OllamaKeepAlive,
  OllamaModelOptions,
  OllamaThink,
} from './ollama-api.js';
import { prepareOllamaThink } from './prepare-ollama-think.js';
import { prepareOllamaTools } from './prepare-ollama-tools.js';

/** The adapter's own settings that reach every chat request, read once by the factory. */
export interface OllamaRequestDefaults {
  think?: OllamaThink;
  keepAlive?: OllamaKeepAlive;
}

/** A chat body and the options it could not carry as asked. */
export interface OllamaChatPlan {
  body: OllamaChatRequestBody;
  /** For `settleWarnings`. */
  warnings: Warning[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `/api/chat` body for one call, with a warning for each option it could not carry. `stream` is always
 * set, since Ollama streams unless told `false`. Sampling goes into `options` in Ollama's spelling
 * (`num_predict` for maxTokens; `seed`, `top_k` and `stop` too), `responseFormat` is `format` (the schema,
 * or `'json'`), `reasoning` is `think`. `providerOptions` are merged in last: their `options` object is
 * merged key by key INTO ours (so `{ options: { num_ctx: 8192 } }` keeps `temperature`), every other key
 * replaces the top-level field, and `stream` stays ours because it decides how the answer is read. Throws
 * an `InvalidRequestError` for an image given as a remote URL.
 */
export function buildOllamaChatBody(
  request: ProviderRequest,
  stream: boolean,
  defaults: OllamaRequestDefaults = {},
): OllamaChatPlan {
  const body: OllamaChatRequestBody = {
    model: request.model,
    messages: convertToOllamaMessages(request.messages),
    stream,
  };
  const tools = prepareOllamaTools(request.tools, request.toolChoice);
  const think = prepareOllamaThink(request, defaults.think);
  if (tools.tools !== undefined) body.tools = tools.tools;
  if (request.responseFormat !== undefined) body.format = request.responseFormat.schema ?? 'json';
  const options: OllamaModelOptions = {};
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.topP !== undefined) options.top_p = request.topP;
  if (request.topK !== undefined) options.top_k = request.topK;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.stop !== undefined) options.stop = [...request.stop];
  if (think.think !== undefined) body.think = think.think;
  if (defaults.keepAlive !== undefined) body.keep_alive = defaults.keepAlive;
  if (request.providerOptions !== undefined) {
    const { options: extraOptions, ...rest } = request.providerOptions;
    Object.assign(body, rest);
    if (isRecord(extraOptions)) Object.assign(options, extraOptions);
    else if (extraOptions !== undefined) body.options = extraOptions as OllamaModelOptions;
    body.stream = stream;
  }
  if (body.options === undefined && Object.keys(options).length > 0) body.options = options;
  return { body, warnings: [...tools.warnings, ...think.warnings] };
}
