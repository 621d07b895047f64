import type { FinishReason } from '@core/types';

/**
 * Chat Completions `finish_reason` onto our six values. `function_call` is the legacy spelling of tool
 * calls; `eos` comes from some vLLM and TGI builds.
 */
export function mapOpenAICompatibleFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case 'stop':
    case 'eos':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}

/** What a whole answer held, stream or not, as far as its finish reason depends on it. */
export interface OpenAICompatibleAnswer {
  /** Some `content` text that is not empty arrived. */
  hasContent: boolean;
  /** Some `refusal` text that is not empty arrived (OpenAI's `message.refusal` / `delta.refusal`). */
  hasRefusal: boolean;
}

/**
 * The finish reason of a whole answer as this wire says it, the one rule for plain and streamed calls: a
 * refusal (refusal text and no content text) is `content_filter`, though OpenAI ends it with `stop`
 * (https://platform.openai.com/docs/guides/structured-outputs#refusals). (Tool calls that end with `stop`
 * are the pipeline's to call `tool_calls`, for every provider alike.) The caller keeps the raw value.
 */
export function resolveOpenAICompatibleFinishReason(
  raw: string | null | undefined,
  answer: OpenAICompatibleAnswer,
): FinishReason {
  if (answer.hasRefusal && !answer.hasContent) return 'content_filter';
  return mapOpenAICompatibleFinishReason(raw);
}

/** A wire text field that carries text: a string that is not empty (`null` and `""` carry none). */
export function hasText(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}
