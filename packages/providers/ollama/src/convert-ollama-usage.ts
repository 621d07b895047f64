import type { Usage } from '@core/types';
import type { OllamaChatResponse } from './ollama-api.js';

/**
 * The counts of Ollama's final line to ours: `prompt_eval_count` is the input, `eval_count` the output
 * (thinking included: the wire does not split it). A count the server left out (Go's `omitempty` drops
 * zeros) stays `undefined`.
 */
export function convertOllamaUsage(
  response: Pick<OllamaChatResponse, 'prompt_eval_count' | 'eval_count'>,
): Usage {
  const inputTokens = response.prompt_eval_count;
  const outputTokens = response.eval_count;
  return {
    inputTokens,
    outputTokens,
    totalTokens:
      inputTokens !== undefined && outputTokens !== undefined ? inputTokens + outputTokens : undefined,
  };
}
