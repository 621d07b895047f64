import { type ProviderRequest, unsupportedOption, type Warning } from '@core/types';
import type { AnthropicRequestBody } from './anthropic-api.js';
import { anthropicProvider, defaultAnthropicMaxTokens } from './anthropic-options.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
import { prepareAnthropicThinking } from './prepare-anthropic-thinking.js';
import { prepareAnthropicTools } from './prepare-anthropic-tools.js';

/** A request body, what reading its answer needs to know, and what the body could not carry. */
export interface AnthropicRequestPlan {
  body: AnthropicRequestBody;
  /** The structured-output tool's name, when the response format asked for JSON. */
  jsonToolName: string | undefined;
  /** The options not sent as asked, for `settleWarnings`. */
  warnings: Warning[];
}

// https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#feature-compatibility: thinking
// "isn't compatible with temperature or top_k modifications", and top_p may only be set between 0.95 and 1.
// The API's 400 says temperature "may only be set to 1", so 1 (its default) is still sent.
function addSampling(
  body: AnthropicRequestBody,
  request: ProviderRequest,
  thinkingEnabled: boolean,
  warnings: Warning[],
): void {
  const { temperature, topP, topK } = request;
  if (temperature !== undefined) {
    if (!thinkingEnabled || temperature === 1) body.temperature = temperature;
    else
      warnings.push(
        unsupportedOption(
          anthropicProvider,
          'temperature',
          `Anthropic allows no temperature but 1 with extended thinking on: temperature ${temperature} was not sent`,
        ),
      );
  }
  if (topP !== undefined) {
    if (!thinkingEnabled || (topP >= 0.95 && topP <= 1)) body.top_p = topP;
    else
      warnings.push(
        unsupportedOption(
          anthropicProvider,
          'topP',
          `Anthropic allows top_p only from 0.95 to 1 with extended thinking on: topP ${topP} was not sent`,
        ),
      );
  }
  if (topK !== undefined) {
    if (!thinkingEnabled) body.top_k = topK;
    else
      warnings.push(
        unsupportedOption(
          anthropicProvider,
          'topK',
          `Anthropic allows no top_k with extended thinking on: topK ${topK} was not sent`,
        ),
      );
  }
}

/**
 * The `POST /v1/messages` body for one call, with a warning for each option it could not carry. `max_tokens`
 * is always sent (the API requires it), `seed` never (the API has none), `reasoning` becomes `thinking`,
 * and `providerOptions` go in last, unchanged.
 */
export function buildAnthropicRequestBody(request: ProviderRequest, stream: boolean): AnthropicRequestPlan {
  const prompt = convertToAnthropicMessages(request.messages);
  const thinking = prepareAnthropicThinking(request);
  const tools = prepareAnthropicTools(
    request.tools,
    request.toolChoice,
    request.responseFormat,
    thinking.enabled,
  );
  const warnings: Warning[] = [...thinking.warnings];
  const body: AnthropicRequestBody = {
    model: request.model,
    messages: prompt.messages,
    // The thinking budget counts toward max_tokens and must stay below it, so it is added on top: maxTokens
    // stays what the answer itself may take (the AI SDK sends maxOutputTokens + thinkingBudget likewise).
    max_tokens: (request.maxTokens ?? defaultAnthropicMaxTokens) + (thinking.budgetTokens ?? 0),
  };
  if (prompt.system !== undefined) body.system = prompt.system;
  if (stream) body.stream = true;
  addSampling(body, request, thinking.enabled, warnings);
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = [...request.stop];
  if (request.seed !== undefined) {
    warnings.push(
      unsupportedOption(anthropicProvider, 'seed', 'Anthropic has no sampling seed: seed was not sent'),
    );
  }
  if (thinking.thinking !== undefined) body.thinking = thinking.thinking;
  if (tools.tools !== undefined) body.tools = tools.tools;
  if (tools.tool_choice !== undefined) body.tool_choice = tools.tool_choice;
  warnings.push(...tools.warnings);
  if (request.providerOptions !== undefined) Object.assign(body, request.providerOptions);
  return { body, jsonToolName: tools.jsonToolName, warnings };
}
