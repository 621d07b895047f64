/** What a provider's error body says, in the terms `classifyHttpError` needs. */
export interface ParsedErrorBody {
  message?: string;
  /** The provider's own error code or type (`rate_limit_exceeded`, `overloaded_error`). */
  code?: string;
  requestId?: string;
  /** What the failure is, when the body says so more precisely than the status. */
  kind?:
    | 'context-length'
    | 'model-not-found'
    | 'rate-limit'
    | 'overloaded'
    | 'authentication'
    | 'invalid-request'
    /** The account is out of quota or credit: no wait makes the same request succeed. */
    | 'quota';
}

/**
 * A provider's error-body parser: `body` is the parsed JSON, or the raw text when the body is not JSON
 * (an HTML page from a proxy, Ollama's plain-text errors).
 */
export type ErrorBodyParser = (body: unknown) => ParsedErrorBody;

// A plain-text or HTML body can be a whole page; its start says enough.
const maximumTextMessageLength = 300;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

// OpenRouter sends `code: 429` as a number.
function readCode(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : readString(value);
}

/** What a provider's error code or type says the failure is, for codes several providers share. */
export function errorKindOfCode(code: string | undefined): ParsedErrorBody['kind'] {
  switch (code) {
    case 'context_length_exceeded':
      return 'context-length';
    case 'model_not_found':
      return 'model-not-found';
    case 'rate_limit_exceeded':
    case 'rate_limit_error':
      return 'rate-limit';
    case 'overloaded_error':
      return 'overloaded';
    // OpenAI answers these with a 429 like a rate limit, but waiting does not help: credits must be added or
    // a spend limit raised (https://platform.openai.com/docs/guides/error-codes: "You exceeded your current
    // quota"); `type` stays insufficient_quota while `code` names which budget ran out.
    case 'insufficient_quota':
    case 'credit_balance_exhausted':
    case 'organization_spend_limit_exceeded':
    case 'project_spend_limit_exceeded':
    case 'billing_hard_limit_reached':
      return 'quota';
    default:
      return undefined;
  }
}

/**
 * The default error-body parser. It reads the common shapes: OpenAI and most compatible servers
 * (`{error:{message,code,type}}`), Anthropic (`{type:'error',error:{type,message},request_id}`), Ollama
 * (`{error:'…'}`), bare `{message}` and FastAPI's `{detail}`, and plain text. Never throws.
 */
export function parseErrorBody(body: unknown): ParsedErrorBody {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text.length === 0) return {};
    return {
      message: text.length > maximumTextMessageLength ? `${text.slice(0, maximumTextMessageLength)}…` : text,
    };
  }
  if (!isRecord(body)) return {};
  const error = body.error;
  const nested = isRecord(error) ? error : undefined;
  const message =
    readString(nested?.message) ?? readString(error) ?? readString(body.message) ?? readString(body.detail);
  const type = readString(nested?.type);
  const code = readCode(nested?.code) ?? type ?? readCode(body.code);
  const requestId =
    readString(body.request_id) ?? readString(body.requestId) ?? readString(nested?.request_id);
  const kind = errorKindOfCode(readCode(nested?.code)) ?? errorKindOfCode(type);
  const parsed: ParsedErrorBody = {};
  if (message !== undefined) parsed.message = message;
  if (code !== undefined) parsed.code = code;
  if (requestId !== undefined) parsed.requestId = requestId;
  if (kind !== undefined) parsed.kind = kind;
  return parsed;
}
