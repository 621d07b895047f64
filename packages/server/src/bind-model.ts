import type { EmbedOptions, GenerateOptions, LLM, Prompt } from '@core/types';

/**
 * `llm` with `model` as the model of every call that names none: an alias target such as
 * `ollama/qwen3:4b` becomes an LLM a fallback chain can call without knowing the model.
 */
export function bindModel(llm: LLM, model: string | undefined): LLM {
  if (model === undefined) return llm;
  const agenerate = (prompt: Prompt, options?: GenerateOptions) =>
    llm.agenerate(prompt, { ...options, model: options?.model ?? model });
  return {
    provider: llm.provider,
    model,
    agenerate: agenerate as LLM['agenerate'],
    generate: agenerate as LLM['agenerate'],
    listModels: (options) => llm.listModels(options),
    health: (options) => llm.health(options),
    embed: (input, options?: EmbedOptions) =>
      llm.embed(input, { ...options, model: options?.model ?? model }),
    unloadModel: (unloaded) => llm.unloadModel(unloaded ?? model),
    countTokens: (text) => llm.countTokens(text),
    capabilities: () => llm.capabilities(),
  };
}
