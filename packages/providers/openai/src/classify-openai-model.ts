/** What a model name tells us about the request rules it needs. */
export interface OpenAIModelClass {
  /**
   * A reasoning model (o1/o3/o4 series, the gpt-5 family): it takes `max_completion_tokens` and
   * `reasoning_effort`, and rejects `max_tokens`, `temperature`, `top_p` and `stop`
   * (openai/vercel-ai__reasoning-model-legacy-parameter-error.json; the spec's StopConfiguration).
   */
  reasoning: boolean;
  /**
   * The role a model takes its instructions under: `developer` on reasoning models, `system` on the others,
   * `user` on o1-mini and o1-preview, which reject both (derived/pydantic-ai__test_openai_o1_mini_system_role-developer).
   */
  instructionRole: 'system' | 'developer' | 'user';
  /** The `reasoning_effort` that turns reasoning off, where the model has one. */
  offEffort?: 'minimal' | 'none';
}

// o1-mini and o1-preview take neither `system` nor `developer` (the recorded 400 in
// derived/pydantic-ai__test_openai_o1_mini_system_role-developer); pydantic-ai sends instructions as `user`.
const instructionsAsUser = ['o1-mini', 'o1-preview'];

// OpenAI's ReasoningEffort reference (platform.openai.com/docs/api-reference, mirrored in the spec's
// ReasoningEffort, which says not every model takes every value): "gpt-5.1 defaults to none, which does not
// perform reasoning", "All models before gpt-5.1 default to medium reasoning effort, and do not support
// none", "The gpt-5-pro model defaults to (and only supports) high reasoning effort". gpt-5.1 answers 400
// to `minimal` ("Supported values are: 'none', 'low', 'medium', and 'high'"); the o-series always reason.
function offEffortOf(base: string): OpenAIModelClass['offEffort'] {
  if (!base.startsWith('gpt-5') || /-pro\b/.test(base)) return undefined;
  return /^gpt-5\.\d/.test(base) ? 'none' : 'minimal';
}

/**
 * The rules for a model name. Fine-tuned names (`ft:o4-mini:…`) follow their base model; `gpt-5-chat` is
 * the non-reasoning member of the gpt-5 family. `reasoningOverride` (the `reasoningModel` option) wins.
 */
export function classifyOpenAIModel(model: string, reasoningOverride?: boolean): OpenAIModelClass {
  const base = model.startsWith('ft:') ? model.slice(3) : model;
  const reasoning =
    reasoningOverride ?? (/^o\d/.test(base) || (base.startsWith('gpt-5') && !base.startsWith('gpt-5-chat')));
  if (!reasoning) return { reasoning, instructionRole: 'system' };
  const offEffort = offEffortOf(base);
  return {
    reasoning,
    instructionRole: instructionsAsUser.some((prefix) => base.startsWith(prefix)) ? 'user' : 'developer',
    ...(offEffort === undefined ? {} : { offEffort }),
  };
}
