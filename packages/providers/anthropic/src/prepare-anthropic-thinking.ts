import type { ProviderRequest, Warning } from '@core/types';
import type { AnthropicThinking } from './anthropic-api.js';
import { anthropicProvider } from './anthropic-options.js';

/** Extended thinking for one request: what to send, and what it rules out. */
export interface PreparedAnthropicThinking {
  /** The wire's `thinking` that `reasoning` asks for; unset when it asks for nothing or providerOptions say it. */
  thinking?: AnthropicThinking;
  /** The budget of `thinking`, in tokens, which `max_tokens` must exceed. */
  budgetTokens?: number;
  /** The model will think: temperature and top_k changes, top_p below 0.95 and forced tool use are refused. */
  enabled: boolean;
  warnings: Warning[];
}

// ThinkingConfigEnabled.budget_tokens: "Must be ≥1024 and less than `max_tokens`".
const minimumBudgetTokens = 1024;

// Budgets for `reasoning.effort`. Anthropic's guide (https://docs.anthropic.com/en/docs/build-with-claude/
// extended-thinking, "Working with thinking budgets") says to start at the 1024 minimum and raise the budget
// for harder tasks, and to batch past 32K; its own examples use 10000–16000. low is the minimum, high a
// 16K budget, medium between them.
const budgetByEffort = { low: 1024, medium: 4096, high: 16_384 } as const;

// providerOptions.thinking: any object but `{type:'disabled'}` turns thinking on (`enabled`, `adaptive`).
function isThinkingOn(thinking: unknown): boolean {
  if (typeof thinking !== 'object' || thinking === null) return false;
  return (thinking as { type?: unknown }).type !== 'disabled';
}

/**
 * `reasoning` as Anthropic's `thinking`: `false` → `{type:'disabled'}`; `{ budgetTokens }` → that budget,
 * raised to Anthropic's minimum of 1024 with a warning; `{ effort }` → 1024 / 4096 / 16384 tokens for
 * low / medium / high (medium when neither is given). `providerOptions.thinking`, the older way, goes into
 * the body as given and wins over `reasoning`. Never throws.
 */
export function prepareAnthropicThinking(
  request: Pick<ProviderRequest, 'reasoning' | 'providerOptions'>,
): PreparedAnthropicThinking {
  const warnings: Warning[] = [];
  const { reasoning } = request;
  const given = request.providerOptions?.thinking;
  if (given !== undefined) {
    if (reasoning !== undefined) {
      warnings.push({
        type: 'other',
        provider: anthropicProvider,
        message: 'providerOptions.thinking is sent as given, so reasoning was not used',
      });
    }
    return { enabled: isThinkingOn(given), warnings };
  }
  if (reasoning === undefined) return { enabled: false, warnings };
  // Sent rather than left out: a model that thinks by default would otherwise still spend max_tokens on it.
  if (reasoning === false) return { thinking: { type: 'disabled' }, enabled: false, warnings };

  let budgetTokens = reasoning.budgetTokens ?? budgetByEffort[reasoning.effort ?? 'medium'];
  if (reasoning.budgetTokens !== undefined && reasoning.effort !== undefined) {
    warnings.push({
      type: 'other',
      provider: anthropicProvider,
      message: `Anthropic takes a thinking budget, not a level: reasoning.budgetTokens (${reasoning.budgetTokens}) was used and reasoning.effort ('${reasoning.effort}') was not`,
    });
  }
  if (budgetTokens < minimumBudgetTokens) {
    warnings.push({
      type: 'other',
      provider: anthropicProvider,
      message: `Anthropic's smallest thinking budget is ${minimumBudgetTokens} tokens: reasoning.budgetTokens ${budgetTokens} was raised to ${minimumBudgetTokens}`,
    });
    budgetTokens = minimumBudgetTokens;
  }
  return {
    thinking: { type: 'enabled', budget_tokens: budgetTokens },
    budgetTokens,
    enabled: true,
    warnings,
  };
}
