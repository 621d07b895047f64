import {
  type AbstractCoreErrorOptions,
  AuthenticationError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAPIError,
  RateLimitError,
} from '@core/types';
import type { ParsedErrorBody } from './parse-error-body.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { type ResponseHeaders, readHeader, readRequestId } from './response-headers.js';

/** What `classifyHttpError` needs to know about a failed response. */
export interface HttpErrorInput {
  provider: string;
  model?: string;
  status: number;
  headers: ResponseHeaders;
  /** The error body: parsed JSON, or the raw text when it was not JSON. Only `parsed` is read from it. */
  body: unknown;
  /** What the provider's error-body parser made of `body`. */
  parsed: ParsedErrorBody;
}

// Messages that say the prompt did not fit, from providers whose parser gives no `kind`: OpenAI-compatible
// servers ("maximum context length is 8192 tokens"), Anthropic ("prompt is too long"), llama.cpp, vLLM.
const contextLengthPattern =
  /context[ _-]?(?:length|window|size)|maximum context|too many tokens|prompt is too long|input is too long|exceeds? the model'?s? (?:maximum|context)/i;
// "The model `gpt-9` does not exist", Ollama's "model 'x' not found, try pulling it first", "unknown model".
const missingModelPattern =
  /model\b.*\b(?:does not exist|doesn't exist|not found|not exist|is not available|unknown)|(?:unknown|no such|invalid) model|model_not_found/i;

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
  };
  if (retryable) options.retryAfterMs = parseRetryAfter(headers);

  const isClientStatus = status >= 400 && status < 500;
  if (status === 401 || status === 403 || (kind === 'authentication' && isClientStatus)) {
    return new AuthenticationError(options);
  }
  if (status === 429 || ((kind === 'rate-limit' || kind === 'quota') && !clientFault)) {
    return new RateLimitError(options);
  }
  if (kind === 'context-length' || (isClientStatus && contextLengthPattern.test(message))) {
    return new ContextLengthError(options);
  }
  if (
    kind === 'model-not-found' ||
    (status === 404 && (missingModelPattern.test(message) || parsed.code === 'model_not_found'))
  ) {
    return new ModelNotFoundError(options);
  }
  if (status === 400 || status === 404 || status === 422 || kind === 'invalid-request') {
    return new InvalidRequestError(options);
  }
  return new ProviderAPIError(options);
}
