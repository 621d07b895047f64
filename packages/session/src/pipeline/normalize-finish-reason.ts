import type { FinishReason } from '@core/types';

/** What the step held, as far as its finish reason depends on it. */
export interface StepFacts {
  /** The step ends with tool calls (native, or parsed from a prompted-tools answer). */
  hasToolCalls: boolean;
  /** The text was cut at a stop sequence the server did not honour. */
  stoppedAtSequence: boolean;
}

/**
 * The one finish-reason rule above the providers, which report what their wire says: a step cut at a stop
 * sequence ended with `stop`, whatever the server meant to send next; a step that ends with tool calls but
 * says `stop` (Ollama always does, some OpenAI-compatible servers too, and a prompted-tools answer is plain
 * text that ends with `stop`) is `tool_calls`, so a caller can tell "run the tools" from "done".
 */
export function normalizeFinishReason(reported: FinishReason, facts: StepFacts): FinishReason {
  if (facts.stoppedAtSequence) return 'stop';
  if (facts.hasToolCalls && reported === 'stop') return 'tool_calls';
  return reported;
}
