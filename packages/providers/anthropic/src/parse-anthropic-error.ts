import { errorKindOfMessage, type ParsedErrorBody } from '@core/http';
import type { AnthropicWireError } from './anthropic-api.js';

// https://docs.anthropic.com/en/api/errors: the HTTP status each error type is sent with. An in-band
// `error` event has no status of its own, so its type stands for one.
const statusByErrorType: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** The HTTP status an Anthropic error `type` is sent with; `undefined` for a type we do not know. */
export function anthropicErrorStatus(type: string | undefined): number | undefined {
  return type === undefined ? undefined : statusByErrorType[type];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(type: string | undefined, message: string | undefined): ParsedErrorBody['kind'] {
  switch (type) {
    case 'overloaded_error':
      return 'overloaded';
    case 'rate_limit_error':
      return 'rate-limit';
    case 'authentication_error':
    case 'permission_error':
      return 'authentication';
    case 'request_too_large':
      return 'invalid-request';
    case 'invalid_request_error':
      // "prompt is too long: 210000 tokens > 200000 maximum", in the repo's one table of message patterns.
      return errorKindOfMessage(message) === 'context-length' ? 'context-length' : undefined;
    case 'not_found_error':
      // "model: claude-x-1" names the missing model; other 404s (a batch, a file) are invalid requests.
      return message !== undefined && /\bmodel\b/i.test(message) ? 'model-not-found' : undefined;
    default:
      return undefined;
  }
}

// Enough of a proxy's HTML page to recognise it, not the whole page.
const maximumTextLength = 300;

/**
 * An Anthropic error body `{type:'error', error:{type, message}, request_id}` to our parsed form: the
 * provider's message, its error type as `code`, the request id, and a `kind` where the type or message says
 * more than the status (overloaded, rate limit, context length, missing model). Never throws.
 */
export function parseAnthropicError(body: unknown): ParsedErrorBody {
  if (typeof body === 'string') {
    const text = body.trim();
    return text === '' ? {} : { message: text.slice(0, maximumTextLength) };
  }
  if (!isRecord(body)) return {};
  const error: AnthropicWireError | undefined = isRecord(body.error)
    ? (body.error as AnthropicWireError)
    : undefined;
  const message =
    typeof error?.message === 'string' && error.message !== ''
      ? error.message
      : typeof body.message === 'string'
        ? body.message
        : undefined;
  const code = typeof error?.type === 'string' ? error.type : undefined;
  const parsed: ParsedErrorBody = {};
  if (message !== undefined) parsed.message = message;
  if (code !== undefined) parsed.code = code;
  if (typeof body.request_id === 'string' && body.request_id !== '') parsed.requestId = body.request_id;
  const kind = kindOf(code, message);
  if (kind !== undefined) parsed.kind = kind;
  return parsed;
}
