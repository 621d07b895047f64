import type { OpenAIInstructionRole } from './openai-api.js';

/** What a model name tells us about the request rules it needs. */
export interface OpenAIModelRules {
  /**
   * A reasoning model (o1/o3/o4 series, the gpt-5 family): it takes `max_completion_tokens` and
   * `reasoning_effort`, and rejects `max_tokens`, `temperature`, `top_p` and `stop`
   * (openai/vercel-ai__reasoning-model-legacy-parameter-error.json; the spec's StopConfiguration).
   */
  reasoning: boolean;
  instructionRole: OpenAIInstructionRole;
}

// o1-mini and o1-preview take neither `system` nor `developer` (the recorded 400 in
// derived/pydantic-ai__test_openai_o1_mini_system_role-developer); pydantic-ai sends instructions as `user`.
const instructionsAsUser = ['o1-mini', 'o1-preview'];

/**
 * The rules for a model name. Fine-tuned names (`ft:o4-mini:…`) follow their base model; `gpt-5-chat` is
 * the non-reasoning member of the gpt-5 family. `reasoningOverride` (the `reasoningModel` option) wins.
 */
export function classifyOpenAIModel(model: string, reasoningOverride?: boolean): OpenAIModelRules {
  const base = model.startsWith('ft:') ? model.slice(3) : model;
  const reasoning =
    reasoningOverride ?? (/^o\d/.test(base) || (base.startsWith('gpt-5') && !base.startsWith('gpt-5-chat')));
  if (!reasoning) return { reasoning, instructionRole: 'system' };
  return {
    reasoning,
    instructionRole: instructionsAsUser.some((prefix) => base.startsWith(prefix)) ? 'user' : 'developer',
  };
}
