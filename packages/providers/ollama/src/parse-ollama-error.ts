import type { ParsedErrorBody } from '@core/http';

// Ollama's `model "llama3" not found, try pulling it first` (older) and `model 'x' not found` (newer).
const modelNotFoundPattern = /\bmodel\b.*\bnot found\b/i;
// `input length exceeds maximum context length`, `the input length exceeds the context length` (/api/embed
// with `truncate: false`), and the runner's context-window errors.
const contextLengthPattern = /context (?:length|window|size)|exceeds? (?:the )?(?:maximum )?context/i;

// A plain-text body (Go's mux answers an unknown path with `404 page not found`) can be a whole page.
const maximumTextLength = 300;

function readMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text === '') return undefined;
    return text.length > maximumTextLength ? `${text.slice(0, maximumTextLength)}…` : text;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string' && error !== '') return error;
  // A proxy in front of Ollama may answer in OpenAI's shape.
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
  }
  return undefined;
}

/**
 * An Ollama error body (`{"error": "…"}`, ollama-errors.mdx; or plain text) to our parsed form. Ollama has
 * no error codes, so the kind comes from the message: a missing model, or a prompt past the context length.
 * Used for HTTP error bodies and for the `{"error": …}` line of a stream alike. Never throws.
 */
export function parseOllamaError(body: unknown): ParsedErrorBody {
  const message = readMessage(body);
  if (message === undefined) return {};
  if (modelNotFoundPattern.test(message)) return { message, kind: 'model-not-found' };
  if (contextLengthPattern.test(message)) return { message, kind: 'context-length' };
  return { message };
}
