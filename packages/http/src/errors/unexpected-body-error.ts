import { ProviderAPIError } from '@core/types';

// Enough of a body to tell an HTML login page, a proxy's placeholder or a truncated reply apart.
const snippetLength = 120;

/**
 * A short view of a response body for an error message: `an empty body`, raw text quoted (control
 * characters escaped), or parsed JSON as JSON text; at most 120 characters of it.
 */
export function describeBody(body: unknown): string {
  if (body === undefined || body === '') return 'an empty body';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const snippet = text.length > snippetLength ? `${text.slice(0, snippetLength)}…` : text;
  return typeof body === 'string' ? JSON.stringify(snippet) : snippet;
}

/** What `unexpectedBodyError` reports. */
export interface UnexpectedBodyInput {
  provider: string;
  model: string | undefined;
  status: number;
  requestId: string | undefined;
  /** The parsed body (undefined when it was empty). */
  body: unknown;
  /** What the endpoint should have answered, as a noun phrase: `a chat completion with choices`. */
  expected: string;
}

/**
 * A successful status whose body is not what the endpoint answers (empty, `{}`, another API's shape): the
 * call failed upstream, so it is a `ProviderAPIError` that says what came back, never an empty answer or a
 * `TypeError` from reading it. Not retryable: nothing says that asking again gives a different body.
 */
export function unexpectedBodyError(input: UnexpectedBodyInput): ProviderAPIError {
  return new ProviderAPIError({
    message: `${input.provider} answered HTTP ${input.status} without ${input.expected}: it sent ${describeBody(input.body)}`,
    provider: input.provider,
    model: input.model,
    status: input.status,
    requestId: input.requestId,
    retryable: false,
  });
}
