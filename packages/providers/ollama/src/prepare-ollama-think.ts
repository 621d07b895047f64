import { type ProviderRequest, unsupportedOption, type Warning } from '@core/types';
import type { OllamaThink } from './ollama-api.js';
import { ollamaProvider, ollamaThinkLevelModels } from './ollama-options.js';

/** Ollama's `think` for one request, and what of `reasoning` it could not carry. */
export interface PreparedOllamaThink {
  think?: OllamaThink;
  warnings: Warning[];
}

// `gpt-oss:20b` → `gpt-oss:20b`, `hf.co/org/gpt-oss-20b-GGUF:Q4` → `gpt-oss-20b-GGUF:Q4`.
function takesThinkLevels(model: string): boolean {
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  return ollamaThinkLevelModels.some((family) => name.startsWith(family));
}

/**
 * `reasoning` as Ollama's `think` (ollama-api.md: "a boolean or a thinking level"): `false` → `false`;
 * `{ effort }` → the level for models that take one (gpt-oss), else `true` with a `reasoning.effort`
 * warning (Ollama gives an unknown level the model's default, silently); `{ budgetTokens }` → `true` with a
 * warning, since Ollama has no budget. Without `reasoning`, the adapter's `think` setting stays. A call's
 * `providerOptions.think` still goes into the body last and wins; `reasoning` is then reported unused.
 */
export function prepareOllamaThink(
  request: Pick<ProviderRequest, 'model' | 'reasoning' | 'providerOptions'>,
  defaultThink: OllamaThink | undefined,
): PreparedOllamaThink {
  const { reasoning } = request;
  const warnings: Warning[] = [];
  if (reasoning === undefined)
    return defaultThink === undefined ? { warnings } : { think: defaultThink, warnings };
  if (request.providerOptions?.think !== undefined) {
    warnings.push({
      type: 'other',
      provider: ollamaProvider,
      message: 'providerOptions.think is sent as given, so reasoning was not used',
    });
    return { warnings };
  }
  if (reasoning === false) return { think: false, warnings };
  if (reasoning.budgetTokens !== undefined) {
    warnings.push(
      unsupportedOption(
        ollamaProvider,
        'reasoning.budgetTokens',
        `Ollama has no thinking budget: reasoning.budgetTokens ${reasoning.budgetTokens} was not sent, only think`,
      ),
    );
  }
  if (reasoning.effort === undefined) return { think: true, warnings };
  if (takesThinkLevels(request.model)) return { think: reasoning.effort, warnings };
  warnings.push(
    unsupportedOption(
      ollamaProvider,
      'reasoning.effort',
      `Ollama takes thinking levels only for gpt-oss models: reasoning.effort '${reasoning.effort}' was sent as think: true for ${request.model}`,
    ),
  );
  return { think: true, warnings };
}
