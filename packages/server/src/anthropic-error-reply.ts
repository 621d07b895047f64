import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorReply } from './error-handler.js';
import type { AnthropicErrorBody } from './schemas/anthropic-messages-response.js';

/** An error as `/v1/messages` answers it: the status, Anthropic's error body and any extra headers. */
export interface AnthropicErrorReply {
  status: number;
  body: AnthropicErrorBody;
  headers: Record<string, string>;
}

// Anthropic's error types by status (https://docs.anthropic.com/en/api/errors); its SDKs pick their error
// class from the status, and tools built on them branch on `error.type`.
function errorTypeOf(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status < 500 ? 'invalid_request_error' : 'api_error';
  }
}

/**
 * Maps any thrown value as `toErrorReply` does (same status, message and headers) into Anthropic's body,
 * `{ type: 'error', error: { type, message }, request_id }`.
 */
export function toAnthropicErrorReply(error: unknown, requestId: string | null = null): AnthropicErrorReply {
  const mapped = toErrorReply(error);
  return {
    status: mapped.status,
    body: {
      type: 'error',
      error: { type: errorTypeOf(mapped.status), message: mapped.body.error.message },
      request_id: requestId,
    },
    headers: mapped.headers,
  };
}

/** The error handler of the `/v1/messages` scope: failures leave in Anthropic's shape, hook failures (auth) included. */
export function handleAnthropicError(error: unknown, request: FastifyRequest, response: FastifyReply): void {
  const mapped = toAnthropicErrorReply(error, request.id);
  if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
  if (mapped.status === 401) response.header('www-authenticate', 'Bearer');
  response.status(mapped.status).headers(mapped.headers).send(mapped.body);
}
