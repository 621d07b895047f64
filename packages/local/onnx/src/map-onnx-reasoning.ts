import { type ReasoningOption, unsupportedOption, type Warning } from '@core/types';

const provider = 'onnx';

/** What a call's `reasoning` becomes for one model: the template's `enable_thinking`, or a warning. */
export interface OnnxReasoning {
  /** Passed to the chat template as `enable_thinking`; undefined passes nothing. */
  enableThinking: boolean | undefined;
  warning: Warning | undefined;
}

/**
 * Maps `reasoning` onto the only reasoning control a local chat template has: Qwen3-style
 * `enable_thinking`. `false` turns it off. An object (`effort`, `budgetTokens` or neither) asks for
 * thinking, so it turns it on: a switch has no levels, and "on" is as close to any effort as the model
 * gets, so `effort` is honoured without a warning (`budgetTokens` is warned about by
 * `collectOnnxWarnings`, whatever the template). A template without the switch honours none of it: a
 * warning naming the option, and nothing is passed.
 */
export function mapOnnxReasoning(
  reasoning: ReasoningOption | undefined,
  hasThinkingSwitch: boolean,
  model: string,
): OnnxReasoning {
  if (reasoning === undefined) return { enableThinking: undefined, warning: undefined };
  const wanted = reasoning !== false;
  if (hasThinkingSwitch) return { enableThinking: wanted, warning: undefined };
  const noSwitch = `the chat template of ${model} has no enable_thinking switch`;
  if (!wanted) {
    return {
      enableThinking: undefined,
      warning: unsupportedOption(provider, 'reasoning', `${noSwitch}: thinking cannot be turned off`),
    };
  }
  if (reasoning.effort !== undefined) {
    return {
      enableThinking: undefined,
      warning: unsupportedOption(provider, 'reasoning.effort', `${noSwitch}: reasoning effort cannot be set`),
    };
  }
  // Only a budget: its warning is collectOnnxWarnings'; one warning per option the caller set.
  if (reasoning.budgetTokens !== undefined) return { enableThinking: undefined, warning: undefined };
  return {
    enableThinking: undefined,
    warning: unsupportedOption(provider, 'reasoning', `${noSwitch}: thinking cannot be turned on`),
  };
}
