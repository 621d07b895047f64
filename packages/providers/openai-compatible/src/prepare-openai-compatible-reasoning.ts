import { type ReasoningOption, unsupportedOption, type Warning } from '@core/types';
import type { ChatCompletionRequestBody } from './openai-compatible-api.js';
import type { ChatCompletionsReasoning } from './openai-compatible-preset.js';

/** Who the warnings are about. */
interface ReasoningContext {
  provider: string;
  model: string;
}

/**
 * A call's `reasoning` option as the body fields `rules` say the wire takes (the presets cite their docs).
 * What has no field is not sent: a warning naming it (`reasoning`, `reasoning.effort`,
 * `reasoning.budgetTokens`) goes into `warnings`. Returns the fields to put in the body, possibly none.
 */
export function prepareOpenAICompatibleReasoning(
  reasoning: ReasoningOption | undefined,
  rules: ChatCompletionsReasoning,
  context: ReasoningContext,
  warnings: Warning[],
): Partial<ChatCompletionRequestBody> {
  const { provider, model } = context;
  switch (rules.field) {
    case 'none':
      // Off is what a model that does not reason already does; asking it to reason cannot be honoured.
      if (reasoning !== undefined && reasoning !== false) {
        warnings.push(
          unsupportedOption(
            provider,
            'reasoning',
            `reasoning was not sent: ${model} is not a reasoning model`,
          ),
        );
      }
      return {};
    case 'reasoning_effort': {
      if (reasoning === false) {
        if (rules.off !== undefined) return { ...rules.off };
        warnings.push(
          unsupportedOption(
            provider,
            'reasoning',
            `reasoning: false was not sent: ${rules.offUnavailableBecause ?? `${provider} documents no way to turn reasoning off for ${model}`}`,
          ),
        );
        return {};
      }
      if (reasoning?.budgetTokens !== undefined) {
        warnings.push(
          unsupportedOption(
            provider,
            'reasoning.budgetTokens',
            `reasoning.budgetTokens was not sent: ${provider} takes a reasoning effort (reasoning_effort), not a token budget`,
          ),
        );
      }
      const effort = reasoning?.effort ?? rules.defaultEffort;
      return effort === undefined ? {} : { reasoning_effort: effort };
    }
    case 'reasoning': {
      if (reasoning === undefined) return {};
      if (reasoning === false) return { reasoning: { enabled: false } };
      if (reasoning.budgetTokens !== undefined) {
        // OpenRouter takes `effort` or `max_tokens`, not both; the budget is the more precise of the two.
        if (reasoning.effort !== undefined) {
          warnings.push(
            unsupportedOption(
              provider,
              'reasoning.effort',
              `reasoning.effort was not sent: ${provider} takes an effort or a token budget, not both, and reasoning.budgetTokens was sent`,
            ),
          );
        }
        return { reasoning: { max_tokens: reasoning.budgetTokens } };
      }
      if (reasoning.effort !== undefined) return { reasoning: { effort: reasoning.effort } };
      // `reasoning: {}` asks for reasoning with the model's defaults.
      return { reasoning: { enabled: true } };
    }
    default:
      throw new TypeError(`Unknown reasoning rules: ${(rules as { field: unknown }).field}`);
  }
}
