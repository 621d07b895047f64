import {
  type AbstractCoreErrorOptions,
  AuthenticationError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAPIError,
  RateLimitError,
} from '@core/types';
import { errorKindOfMessage } from './error-patterns.js';
import type { ParsedErrorBody } from './parse-error-body.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { type ResponseHeaders, readHeader, readRequestId } from './response-headers.js';

/** What `classifyHttpError` needs to know about a failed response. */
export interface HttpErrorInput {
  provider: string;
  model?: string;
  status: number;
  headers: ResponseHeaders;
  /** The error body as read: parsed JSON, or the text when it was not JSON; kept on the error. */
  body: unknown;
  /** What the provider's error-body parser made of `body`. */
  parsed: ParsedErrorBody;
}

// The body as text for the error: what the provider said, to quote when reporting a problem upstream.
function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === '') return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

// Headers as plain strings; cookies are the client's business, not an error report's.
function plainHeaders(headers: ResponseHeaders): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'set-cookie') continue;
    plain[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return plain;
}

// 408 timeout, 409 lock conflict, 5xx and Anthropic's 529 overloaded: the same request may succeed later.
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

// The statuses that are the caller's fault: retrying them can only fail again, whatever a header says.
function isClientFault(status: number): boolean {
  return status === 400 || status === 401 || status === 403 || status === 404 || status === 422;
}

/**
 * The one status → error-class function. 401/403 → `AuthenticationError`; 429 → `RateLimitError`; 404 →
 * `ModelNotFoundError` when the body names a missing model, else `InvalidRequestError`; 400/422 →
 * `InvalidRequestError`, or `ContextLengthError` when the prompt did not fit; anything else →
 * `ProviderAPIError`, retryable for 408, 409, 5xx and 529. A 429 for an account out of quota (OpenAI's
 * `insufficient_quota`) is a `RateLimitError` that is not retryable. A parser's `kind` refines the class, an
 * `x-should-retry` header overrides `retryable` except for 400/401/403/404/422, and `retryAfterMs` comes from
 * `retry-after-ms` / `Retry-After`. The provider's message, code and request id are kept; nothing of the
 * request is. Returns the error; never throws.
 */
export function classifyHttpError(input: HttpErrorInput): ProviderAPIError {
  const { provider, model, status, headers, parsed } = input;
  const message = parsed.message ?? `${provider} answered with HTTP ${status}`;
  const kind = parsed.kind;
  const clientFault = isClientFault(status);

  let retryable = isRetryableStatus(status) || kind === 'overloaded' || kind === 'rate-limit';
  const shouldRetry = readHeader(headers, 'x-should-retry');
  if (shouldRetry === 'true') retryable = true;
  if (shouldRetry === 'false') retryable = false;
  if (clientFault || kind === 'quota') retryable = false;

  const options: AbstractCoreErrorOptions = {
    message:
      kind === 'quota'
        ? `${message} (${provider} says the account is out of quota: retrying will not help until credits are added or the limit is raised)`
        : message,
    provider,
    model,
    status,
    code: parsed.code,
    requestId: readRequestId(headers) ?? parsed.requestId,
    retryable,
    responseBody: bodyText(input.body),
    responseHeaders: plainHeaders(headers),
  };
  if (retryable) options.retryAfterMs = parseRetryAfter(headers);

  const isClientStatus = status >= 400 && status < 500;
  if (status === 401 || status === 403 || (kind === 'authentication' && isClientStatus)) {
    return new AuthenticationError(options);
  }
  if (status === 429 || ((kind === 'rate-limit' || kind === 'quota') && !clientFault)) {
    return new RateLimitError(options);
  }
  const messageKind = errorKindOfMessage(message);
  if (kind === 'context-length' || (isClientStatus && messageKind === 'context-length')) {
    return new ContextLengthError(options);
  }
  if (
    kind === 'model-not-found' ||
    (status === 404 && (messageKind === 'model-not-found' || parsed.code === 'model_not_found'))
  ) {
    return new ModelNotFoundError(options);
  }
  if (status === 400 || status === 404 || status === 422 || kind === 'invalid-request') {
    return new InvalidRequestError(options);
  }
  return new ProviderAPIError(options);
}

/** What `classifyInBandError` needs: an error reported inside a 200 response (a stream event or line, a body). */
export interface InBandErrorInput {
  provider: string;
  model?: string;
  /** The HTTP status the error stands for, when the wire says (Anthropic's error type, OpenRouter's `code`). */
  status?: number;
  parsed: ParsedErrorBody;
  /** The response's request id. */
  requestId?: string;
  /** The error as it came, kept on the error like an HTTP error body. */
  body?: unknown;
}

/**
 * The one mapping of an in-band error to its class, for every stream mapper and 200-with-an-error body.
 * With the status it stands for, the same rules as an HTTP error (`classifyHttpError`); without one, the
 * class comes from the parsed kind (and the message patterns): retryable only when it says overloaded or
 * rate-limited, since nothing else marks it transient. Never throws.
 */
export function classifyInBandError(input: InBandErrorInput): ProviderAPIError {
  const { provider, model, parsed } = input;
  if (input.status !== undefined) {
    const headers: ResponseHeaders = input.requestId === undefined ? {} : { 'x-request-id': input.requestId };
    return classifyHttpError({ provider, model, status: input.status, headers, body: input.body, parsed });
  }
  const kind = parsed.kind ?? errorKindOfMessage(parsed.message);
  const options: AbstractCoreErrorOptions = {
    message: parsed.message ?? `${provider} reported an error`,
    provider,
    model,
    code: parsed.code,
    requestId: input.requestId ?? parsed.requestId,
    retryable: kind === 'overloaded' || kind === 'rate-limit',
    responseBody: bodyText(input.body),
  };
  switch (kind) {
    case 'context-length':
      return new ContextLengthError(options);
    case 'model-not-found':
      return new ModelNotFoundError(options);
    case 'rate-limit':
    case 'quota':
      return new RateLimitError(options);
    case 'authentication':
      return new AuthenticationError(options);
    case 'invalid-request':
      return new InvalidRequestError(options);
    default:
      return new ProviderAPIError(options);
  }
}
