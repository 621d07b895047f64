import {
  AbstractCoreError,
  AuthenticationError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAPIError,
  ProviderConnectionError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '@core/types';
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { RequestError } from './request-error.js';
import type { ErrorBody } from './schemas/error.js';

/** An error as this server answers it: the status, OpenAI's error body and any extra headers. */
export interface ErrorReply {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

type FastifyValidationError = FastifyError & { validation: FastifySchemaValidationError[] };

function reply(
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
  headers: Record<string, string> = {},
): ErrorReply {
  return { status, body: { error: { message, type, param, code } }, headers };
}

// Ajv's `/messages/0/role` (plus a missing property's name) as OpenAI writes params: `messages[0].role`.
function paramOf(error: FastifyValidationError): string | null {
  const first = error.validation[0];
  if (first === undefined) return null;
  const segments = first.instancePath.split('/').filter((segment) => segment !== '');
  const missing = first.params.missingProperty;
  if (typeof missing === 'string') segments.push(missing);
  let param = '';
  for (const segment of segments)
    param += /^\d+$/.test(segment) ? `[${segment}]` : param === '' ? segment : `.${segment}`;
  return param === '' ? null : param;
}

function isValidationError(error: unknown): error is FastifyValidationError {
  return Array.isArray((error as { validation?: unknown }).validation);
}

// Fastify's own errors before a handler runs: the router, the body parser and the body limit.
function fromFastifyError(error: FastifyError): ErrorReply | undefined {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return reply(400, `The URL is not valid: ${error.message}`, 'invalid_request_error', 'invalid_url');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return reply(
        414,
        'The URL is longer than this server accepts',
        'invalid_request_error',
        'uri_too_long',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return reply(
        400,
        'The body is not as long as its Content-Length header says',
        'invalid_request_error',
        'invalid_content_length',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply(
        413,
        'The request body is larger than this server accepts',
        'invalid_request_error',
        'request_too_large',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply(
        400,
        `The body is not valid JSON: ${error.message}`,
        'invalid_request_error',
        'invalid_json',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply(
        415,
        'Send the body as application/json',
        'invalid_request_error',
        'unsupported_media_type',
      );
    default:
      break;
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's other client errors (bad content length, prototype poisoning, …) keep their status.
    return reply(status, error.message, 'invalid_request_error', error.code ?? null);
  }
  return undefined;
}

// The provider's words are kept (they are already free of keys: @core/types redacts them); never its headers.
function fromUpstreamError(error: AbstractCoreError): ErrorReply {
  const upstreamCode = error.code ?? null;
  if (ContextLengthError.isInstance(error)) {
    return reply(400, error.message, 'invalid_request_error', 'context_length_exceeded');
  }
  if (ModelNotFoundError.isInstance(error)) {
    return reply(404, error.message, 'invalid_request_error', 'model_not_found', 'model');
  }
  if (InvalidRequestError.isInstance(error)) {
    return reply(400, error.message, 'invalid_request_error', upstreamCode);
  }
  if (RateLimitError.isInstance(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterMs !== undefined) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
      headers['retry-after-ms'] = String(Math.round(error.retryAfterMs));
    }
    return reply(429, error.message, 'rate_limit_error', 'rate_limit_exceeded', null, headers);
  }
  if (AuthenticationError.isInstance(error)) {
    // 401 belongs to this server's own token: the upstream refusing ours is a bad gateway, not the caller's fault.
    return reply(
      502,
      `The upstream provider rejected this server's credentials: ${error.message}`,
      'upstream_error',
      'upstream_authentication_failed',
    );
  }
  if (TimeoutError.isInstance(error)) {
    return reply(504, error.message, 'timeout_error', 'upstream_timeout');
  }
  if (ProviderConnectionError.isInstance(error)) {
    return reply(502, error.message, 'upstream_error', 'upstream_connection_error');
  }
  if (ProviderAPIError.isInstance(error)) {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    return reply(
      502,
      `The upstream provider failed${status}: ${error.message}`,
      'upstream_error',
      upstreamCode,
    );
  }
  if (ValidationError.isInstance(error)) {
    return reply(502, error.message, 'upstream_error', 'invalid_model_output');
  }
  // UnknownProviderError, ProviderNotInstalledError: the server is set up wrong; the message says how to fix it.
  return reply(500, error.message, 'server_error', null);
}

/**
 * Maps any thrown value to the status and OpenAI-style body this server answers with: our request errors,
 * Fastify's validation and body errors (400, 413, 415), the `@core/types` classes (429 with `Retry-After`
 * when known, 400, 404, 502, 504) and anything else as a 500 that hides its details.
 */
export function toErrorReply(error: unknown): ErrorReply {
  if (RequestError.isInstance(error)) {
    return reply(error.status, error.message, error.type, error.code, error.param);
  }
  if (AbstractCoreError.isInstance(error)) return fromUpstreamError(error);
  if (isValidationError(error)) {
    return reply(400, error.message, 'invalid_request_error', 'invalid_request', paramOf(error));
  }
  if (error instanceof Error && typeof (error as FastifyError).code === 'string') {
    const mapped = fromFastifyError(error as FastifyError);
    if (mapped !== undefined) return mapped;
  }
  return reply(500, 'The server had an error while processing your request', 'server_error');
}

/** The one error handler of the app: every failure leaves as `toErrorReply` says. */
export function handleError(error: unknown, request: FastifyRequest, response: FastifyReply): void {
  const mapped = toErrorReply(error);
  if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
  if (mapped.status === 401) response.header('www-authenticate', 'Bearer');
  response.status(mapped.status).headers(mapped.headers).send(mapped.body);
}

/** The answer to a route that does not exist, in the same shape. */
export function handleNotFound(request: FastifyRequest, response: FastifyReply): void {
  const mapped = reply(
    404,
    `There is no route ${request.method} ${request.url}`,
    'invalid_request_error',
    'not_found',
  );
  response.status(404).send(mapped.body);
}
