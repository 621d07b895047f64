import { ProviderAPIError } from '@core/types';

// Enough of a bad payload to recognise it in a log, not enough to flood one.
const snippetLength = 120;

/**
 * Parses one event's JSON payload. Malformed JSON is a broken reply, not a network blip, so it throws a
 * `ProviderAPIError` that is not retryable, with the start of the payload in its message.
 */
export function parseJsonData<T>(data: string, provider: string): T {
  try {
    return JSON.parse(data) as T;
  } catch (error) {
    const snippet = data.length > snippetLength ? `${data.slice(0, snippetLength)}…` : data;
    throw new ProviderAPIError({
      message: `${provider} sent data that is not valid JSON: ${JSON.stringify(snippet)}`,
      provider,
      retryable: false,
      cause: error,
    });
  }
}
