import { type ProviderRequest, unsupportedOption, type Warning } from '@core/types';
import { convertToOpenAICompatibleMessages } from './convert-to-openai-compatible-messages.js';
import type { ChatCompletionRequestBody } from './openai-compatible-api.js';
import {
  type ChatCompletionsPreset,
  plainModelRules,
  type RejectableOption,
} from './openai-compatible-preset.js';
import { prepareOpenAICompatibleReasoning } from './prepare-openai-compatible-reasoning.js';
import { prepareOpenAICompatibleTools } from './prepare-openai-compatible-tools.js';

/** A request body and the options of the call it does not carry (see `Warning`). */
export interface ChatCompletionsBody {
  body: ChatCompletionRequestBody;
  warnings: Warning[];
}

/**
 * The request body for one call, built in one pass from the call and the preset's data (the model's rules
 * are asked for once): messages converted once, each option either put in its wire field or reported in
 * `warnings`, never dropped in silence. `providerOptions` go in last, unchanged.
 */
export function buildChatCompletionsBody(
  preset: ChatCompletionsPreset,
  request: ProviderRequest,
  stream: boolean,
): ChatCompletionsBody {
  const provider = preset.provider;
  const rules = preset.modelRules?.(request.model) ?? plainModelRules;
  const warnings: Warning[] = [];

  // Whether the model takes `option`. A rejected one stays out of the body and is reported, except `stop`:
  // the pipeline cuts the text at the stop sequences itself, so the caller still gets what they asked for.
  function accepts(option: RejectableOption): boolean {
    if (!rules.rejectedOptions.includes(option)) return true;
    if (option !== 'stop') {
      const because = rules.rejectedBecause ?? `${request.model} rejects it`;
      warnings.push(unsupportedOption(provider, option, `${option} was not sent: ${because}`));
    }
    return false;
  }

  const body: ChatCompletionRequestBody = {
    model: request.model,
    messages: convertToOpenAICompatibleMessages(request.messages, rules.instructionRole),
    ...prepareOpenAICompatibleTools(request.tools, request.toolChoice, preset.strictSchemas),
  };
  const hasTools = request.tools !== undefined && request.tools.length > 0;
  // 'auto' and 'none' without tools are what happens anyway; a required or named tool is not.
  if (!hasTools && (request.toolChoice === 'required' || typeof request.toolChoice === 'object')) {
    warnings.push(
      unsupportedOption(
        provider,
        'toolChoice',
        'toolChoice was not sent: the call has no tools to choose from',
      ),
    );
  }
  if (stream) {
    body.stream = true;
    if (preset.streamUsage !== false) body.stream_options = { include_usage: true };
  }
  if (request.temperature !== undefined && accepts('temperature')) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body[rules.maxTokensField] = request.maxTokens;
  if (request.topP !== undefined && accepts('topP')) body.top_p = request.topP;
  if (request.topK !== undefined) {
    if (preset.topK) body.top_k = request.topK;
    else {
      warnings.push(
        unsupportedOption(provider, 'topK', `topK was not sent: ${provider} has no top_k parameter`),
      );
    }
  }
  if (request.stop !== undefined && accepts('stop')) body.stop = [...request.stop];
  if (request.seed !== undefined && accepts('seed')) body.seed = request.seed;
  const responseFormat = request.responseFormat;
  if (responseFormat !== undefined) {
    const schema = responseFormat.schema;
    if (schema === undefined) body.response_format = { type: 'json_object' };
    else {
      const name = responseFormat.name ?? 'response';
      const strict = preset.strictSchemas;
      body.response_format = {
        type: 'json_schema',
        json_schema: {
          name: strict === undefined ? name : strict.schemaName(name),
          schema,
          ...(strict?.isStrict(schema) === true ? { strict: true } : {}),
        },
      };
      if (preset.guidedJson === true) body.guided_json = schema;
    }
  }
  Object.assign(
    body,
    prepareOpenAICompatibleReasoning(
      request.reasoning,
      rules.reasoning,
      { provider, model: request.model },
      warnings,
    ),
  );
  if (request.providerOptions !== undefined) Object.assign(body, request.providerOptions);
  return { body, warnings };
}
