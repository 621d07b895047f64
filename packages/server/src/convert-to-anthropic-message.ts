import type { FinishReason, GenerateResponse, ToolCall, Usage } from '@core/types';
import type {
  AnthropicMessage,
  AnthropicResponseBlock,
  AnthropicResponseToolUseBlock,
  AnthropicStopReason,
  AnthropicUsage,
} from './schemas/anthropic-messages-response.js';

/**
 * Our finish reason in Anthropic's vocabulary (https://docs.anthropic.com/en/api/handling-stop-reasons):
 * `stop_sequence` only when the provider said so (an Anthropic upstream's raw value); other wires report a
 * stop sequence as a plain stop, which reads as `end_turn`. `other` and `error` have no Anthropic value.
 */
export function toAnthropicStopReason(
  reason: FinishReason,
  rawReason: string | undefined,
): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return rawReason === 'stop_sequence' ? 'stop_sequence' : 'end_turn';
  }
}

/**
 * The stop sequence that ended the answer: our responses do not say which one matched, so it is known only
 * when the request gave exactly one.
 */
export function toAnthropicStopSequence(
  stopReason: AnthropicStopReason,
  stopSequences: readonly string[] | undefined,
): string | null {
  return stopReason === 'stop_sequence' && stopSequences?.length === 1 ? (stopSequences[0] ?? null) : null;
}

/**
 * Our usage in Anthropic's shape. Anthropic's schema requires both counts as integers, so a count the provider
 * did not report is sent as 0 (the one place this server writes a count it was not given); cache reads are
 * `null` when unknown.
 */
export function toAnthropicUsage(usage: Usage | undefined): AnthropicUsage {
  return {
    input_tokens: usage?.inputTokens ?? 0,
    output_tokens: usage?.outputTokens ?? 0,
    cache_creation_input_tokens: null,
    cache_read_input_tokens: usage?.cachedInputTokens ?? null,
    cache_creation: null,
    server_tool_use: null,
    service_tier: null,
  };
}

/** A tool call as a `tool_use` block; arguments that did not parse as JSON are sent as `{}`, as the model's input. */
export function toAnthropicToolUse(call: ToolCall): AnthropicResponseToolUseBlock {
  return { type: 'tool_use', id: call.id, name: call.name, input: call.arguments };
}

/** A response as an Anthropic `message`: a text block (unless the model only called tools), then its tool calls. */
export function toAnthropicMessage(
  response: GenerateResponse,
  id: string,
  stopSequences: readonly string[] | undefined,
): AnthropicMessage {
  const content: AnthropicResponseBlock[] = [];
  if (response.content !== '' || response.toolCalls.length === 0) {
    content.push({ type: 'text', text: response.content, citations: null });
  }
  for (const call of response.toolCalls) content.push(toAnthropicToolUse(call));
  const stopReason = toAnthropicStopReason(response.finishReason, response.rawFinishReason);
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: response.model,
    content,
    stop_reason: stopReason,
    stop_sequence: toAnthropicStopSequence(stopReason, stopSequences),
    usage: toAnthropicUsage(response.usage),
  };
}
