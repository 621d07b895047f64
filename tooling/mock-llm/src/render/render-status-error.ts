import type { Wire } from '../reply.js';

const messages: Record<number, string> = {
  400: 'Invalid request',
  401: 'Incorrect API key provided',
  403: 'Permission denied',
  404: 'The model does not exist or you do not have access to it',
  408: 'Request timed out',
  409: 'Conflict',
  413: 'Request too large',
  422: 'Unprocessable request',
  429: 'Rate limit reached',
  500: 'The server had an error while processing your request',
  502: 'Bad gateway',
  503: 'The engine is currently overloaded, please try again later',
  504: 'Gateway timeout',
  529: 'Overloaded',
};

function messageFor(status: number): string {
  return `mock-llm: ${messages[status] ?? `HTTP ${status}`}`;
}

// OpenAI's error `type` and `code` per status, as the real API sends them.
function openAiTypeAndCode(status: number): { type: string; code: string | null } {
  switch (status) {
    case 401:
      return { type: 'invalid_request_error', code: 'invalid_api_key' };
    case 403:
      return { type: 'permission_error', code: null };
    case 404:
      return { type: 'invalid_request_error', code: 'model_not_found' };
    case 429:
      return { type: 'requests', code: 'rate_limit_exceeded' };
    default:
      return status >= 500
        ? { type: 'server_error', code: null }
        : { type: 'invalid_request_error', code: null };
  }
}

// https://docs.anthropic.com/en/api/errors
function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** A status reply's default body in the wire's own error shape, with the wire's request-id headers. */
export function renderStatusError(
  wire: Wire,
  status: number,
  requestId: number,
): { body: string; headers: Record<string, string> } {
  const message = messageFor(status);
  const id = `req_mock_${requestId}`;
  switch (wire) {
    case 'anthropic':
      return {
        body: JSON.stringify({
          type: 'error',
          error: { type: anthropicErrorType(status), message },
          request_id: id,
        }),
        headers: { 'request-id': id, 'x-request-id': id },
      };
    case 'ollama':
      return { body: JSON.stringify({ error: message }), headers: { 'x-request-id': id } };
    default:
      return {
        body: JSON.stringify({ error: { message, ...openAiTypeAndCode(status), param: null } }),
        headers: { 'x-request-id': id },
      };
  }
}

/** The 404 for a path the mock does not serve, shaped like OpenAI's "Invalid URL" error. */
export function renderNotFound(method: string, path: string): string {
  return JSON.stringify({
    error: {
      message: `mock-llm: Invalid URL (${method} ${path})`,
      type: 'invalid_request_error',
      code: null,
      param: null,
    },
  });
}
