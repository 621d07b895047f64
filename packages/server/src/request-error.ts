/** What a `RequestError` says about itself, in OpenAI's error vocabulary. */
export interface RequestErrorOptions {
  /** The HTTP status to answer with. */
  status: number;
  message: string;
  /** OpenAI's error `type` (`invalid_request_error`, …). */
  type?: string;
  /** A stable code (`invalid_api_key`, `unsupported_parameter`, …). */
  code?: string | null;
  /** The request field at fault, as a path (`messages[1].content`). */
  param?: string | null;
}

const marker = Symbol.for('abstractcore.server.RequestError');

/**
 * A failure of the request itself (bad input the schema cannot express, a missing or wrong token, a client
 * that left), answered with its own status. Upstream failures keep their `@core/types` classes instead.
 */
export class RequestError extends Error {
  readonly [marker] = true;
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;

  constructor(options: RequestErrorOptions) {
    super(options.message);
    this.name = 'RequestError';
    this.status = options.status;
    this.type = options.type ?? 'invalid_request_error';
    this.code = options.code ?? null;
    this.param = options.param ?? null;
  }

  static isInstance(value: unknown): value is RequestError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** The abort reason of a request whose client closed its connection before the answer was complete. */
export function clientClosedError(): RequestError {
  // 499 is nginx's "client closed request": nobody reads it, but logs and metrics say what happened.
  return new RequestError({
    status: 499,
    message: 'The client closed the connection',
    code: 'client_closed',
  });
}

/**
 * `agenerate` checks its options and throws a `TypeError` or `RangeError` naming the bad one (DESIGN); from
 * a request those are the caller's mistake, so they become a 400. Anything else is rethrown unchanged.
 */
export function rethrowOptionError(error: unknown): never {
  if ((error instanceof TypeError || error instanceof RangeError) && !RequestError.isInstance(error)) {
    throw new RequestError({ status: 400, message: error.message, code: 'invalid_value' });
  }
  throw error;
}
