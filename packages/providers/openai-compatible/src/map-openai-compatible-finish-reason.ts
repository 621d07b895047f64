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
