import type { FinishReason } from '@core/types';

/**
 * Ollama's `done_reason` onto our six values. `stop` and `length` are generation endings; `load` and
 * `unload` answer a request with no messages (ollama-api.md, "Load a model" / "Unload a model"). Tool
 * calls end with `stop` on this wire; the pipeline calls a step that carries calls `tool_calls`, as for
 * every provider. Older servers send no `done_reason` at all: that stays `other`, since it may as well
 * have been a length cut.
 */
export function mapOllamaFinishReason(raw: string | undefined): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    default:
      return 'other';
  }
}
