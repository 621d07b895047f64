import { errorKindOfMessage, type ParsedErrorBody } from '@core/http';

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
 * no error codes, so the kind comes from the message, by the repo's one table of message patterns
 * (`errorKindOfMessage`): `model "llama3" not found, try pulling it first` is a missing model, `input length
 * exceeds maximum context length` a prompt past the context. Used for HTTP error bodies and for the
 * `{"error": …}` line of a stream alike. Never throws.
 */
export function parseOllamaError(body: unknown): ParsedErrorBody {
  const message = readMessage(body);
  if (message === undefined) return {};
  const kind = errorKindOfMessage(message);
  return kind === undefined ? { message } : { message, kind };
}
