import { redactSecrets } from '../redact-secrets.js';
import { hasMarker } from './error-marker.js';

const marker = Symbol.for('abstractcore.error.AbstractCoreError');

/** What every error of this package is built from. */
export interface AbstractCoreErrorOptions {
  message: string;
  /** The provider name (`openai`, `ollama`, …) the failure came from. */
  provider?: string;
  model?: string;
  /** The HTTP status, where the failure was an HTTP response. */
  status?: number;
  /** The provider's own error code or type (`rate_limit_exceeded`, `overloaded_error`). */
  code?: string;
  /** The provider's request id (`x-request-id`, `request-id`), for support tickets. */
  requestId?: string;
  /** Whether trying the same request again may succeed. */
  retryable?: boolean;
  /** How long the provider asked us to wait before retrying, in ms. */
  retryAfterMs?: number;
  /** The provider's response body, for reporting a problem upstream (capped; secrets redacted). */
  responseBody?: string;
  /** The provider's response headers. */
  responseHeaders?: Readonly<Record<string, string>>;
  cause?: unknown;
}

// Enough of an error body to report it upstream; a proxy's whole HTML page is not needed.
const maximumResponseBodyLength = 4096;

const maximumCauseDepth = 5;

// A cause keeps its class and stack unless its text carries a secret; then a redacted copy stands in.
function sanitizeCause(cause: unknown, depth = 0): unknown {
  if (!(cause instanceof Error) || depth > maximumCauseDepth) {
    return typeof cause === 'string' ? redactSecrets(cause) : cause;
  }
  const message = redactSecrets(cause.message);
  const stack = cause.stack === undefined ? undefined : redactSecrets(cause.stack);
  const innerCause = 'cause' in cause ? sanitizeCause(cause.cause, depth + 1) : undefined;
  if (message === cause.message && stack === cause.stack && innerCause === cause.cause) return cause;
  const copy = new Error(message, innerCause === undefined ? undefined : { cause: innerCause });
  copy.name = cause.name;
  if (stack !== undefined) copy.stack = stack;
  return copy;
}

/** The root of every error abstractcore throws; catch it for "anything from this library". */
export class AbstractCoreError extends Error {
  readonly [marker] = true;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly responseBody: string | undefined;
  readonly responseHeaders: Readonly<Record<string, string>> | undefined;

  constructor(options: AbstractCoreErrorOptions) {
    const cause = options.cause === undefined ? undefined : sanitizeCause(options.cause);
    super(redactSecrets(options.message), cause === undefined ? undefined : { cause });
    this.name = 'AbstractCoreError';
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    const body = options.responseBody;
    this.responseBody =
      body === undefined
        ? undefined
        : redactSecrets(
            body.length > maximumResponseBodyLength ? `${body.slice(0, maximumResponseBodyLength)}…` : body,
          );
    this.responseHeaders = options.responseHeaders;
  }

  /** True for any abstractcore error, from any copy of this package. */
  static isInstance(value: unknown): value is AbstractCoreError {
    return hasMarker(value, marker);
  }

  /** A plain view for logs and HTTP bodies: no stack, no cause, no secrets. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      provider: this.provider,
      model: this.model,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      responseBody: this.responseBody,
      responseHeaders: this.responseHeaders,
    };
  }
}
