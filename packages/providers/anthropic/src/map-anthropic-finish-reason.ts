import type { FinishReason } from '@core/types';

/**
 * Anthropic's `stop_reason` onto our six values (https://docs.anthropic.com/en/api/handling-stop-reasons).
 * `pause_turn` (a server tool paused a long turn; send the reply back to continue) is `other`;
 * `model_context_window_exceeded` (BetaStopReason in the spec: the context window filled up before
 * `max_tokens`) is `length`, since the answer was cut short either way.
 */
export function mapAnthropicFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}
