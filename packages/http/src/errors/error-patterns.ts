import type { ParsedErrorBody } from './parse-error-body.js';

// The one table of what error messages say when the provider gives no code for it. Messages that say the
// prompt did not fit: OpenAI-compatible servers ("maximum context length is 8192 tokens"), Anthropic
// ("prompt is too long"), llama.cpp, vLLM, Ollama ("input length exceeds maximum context length", "the
// input length exceeds the context length").
const contextLengthPattern =
  /context[ _-]?(?:length|window|size)|maximum context|too many tokens|prompt is too long|input is too long|exceeds? (?:the )?(?:model'?s? )?(?:maximum )?context/i;
// "The model `gpt-9` does not exist", Ollama's "model 'x' not found, try pulling it first", "unknown model".
const missingModelPattern =
  /model\b.*\b(?:does not exist|doesn't exist|not found|not exist|is not available|unknown)|(?:unknown|no such|invalid) model|model_not_found/i;

/**
 * What an error message says the failure is, for providers (or statuses) that give no code: a prompt past
 * the context length, or a missing model; `undefined` when it says neither.
 */
export function errorKindOfMessage(message: string | undefined): ParsedErrorBody['kind'] {
  if (message === undefined) return undefined;
  if (contextLengthPattern.test(message)) return 'context-length';
  if (missingModelPattern.test(message)) return 'model-not-found';
  return undefined;
}
