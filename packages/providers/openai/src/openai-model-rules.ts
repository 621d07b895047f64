import type { ChatCompletionsModelRules } from '@provider/openai-compatible';
import { classifyOpenAIModel } from './classify-openai-model.js';
import type { ResolvedOpenAISettings } from './openai-options.js';

// Chat models (gpt-4o, gpt-4.1, gpt-5-chat…): OpenAI's Chat Completions as written, and no reasoning.
const chatModelRules: ChatCompletionsModelRules = {
  maxTokensField: 'max_tokens',
  rejectedOptions: [],
  instructionRole: 'system',
  reasoning: { field: 'none' },
};

/**
 * OpenAI's wire rules for `model`, as data for the Chat Completions body builder. Reasoning models take
 * `max_completion_tokens`, answer 400 `unsupported_parameter` to `temperature`, `top_p` and (o3, o4-mini,
 * gpt-5) `stop`, take instructions as `developer` (o1-mini: `user`), and `reasoning_effort`: the call's
 * `reasoning.effort`, else the `reasoningEffort` setting. There is no budget field (the spec's
 * CreateChatCompletionRequest has only `reasoning_effort`).
 */
export function openAIModelRules(
  model: string,
  settings: Pick<ResolvedOpenAISettings, 'reasoningEffort' | 'reasoningModel'>,
): ChatCompletionsModelRules {
  const modelClass = classifyOpenAIModel(model, settings.reasoningModel);
  if (!modelClass.reasoning) return chatModelRules;
  return {
    maxTokensField: 'max_completion_tokens',
    rejectedOptions: ['temperature', 'topP', 'stop'],
    rejectedBecause: `${model} is a reasoning model, and OpenAI answers 400 unsupported_parameter to it`,
    instructionRole: modelClass.instructionRole,
    reasoning: {
      field: 'reasoning_effort',
      ...(modelClass.offEffort === undefined
        ? {
            offUnavailableBecause: `${model} always reasons: OpenAI has no reasoning_effort that turns it off`,
          }
        : { off: { reasoning_effort: modelClass.offEffort } }),
      ...(settings.reasoningEffort === undefined ? {} : { defaultEffort: settings.reasoningEffort }),
    },
  };
}
