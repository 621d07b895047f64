import { classifyInBandError, errorKindOfCode, type ParsedErrorBody } from '@core/http';
import type { ProviderAPIError } from '@core/types';
import type { WireError } from './openai-compatible-api.js';

const contextLengthCodes = new Set(['context_length_exceeded', 'string_above_max_length']);

function readWireError(body: unknown): WireError | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as {
    error?: unknown;
    message?: unknown;
    detail?: unknown;
    code?: unknown;
    type?: unknown;
  };
  if (typeof record.error === 'object' && record.error !== null) return record.error as WireError;
  if (typeof record.error === 'string') return { message: record.error };
  // vLLM and other FastAPI servers: { object: 'error', message, type, code } or { detail }.
  if (typeof record.message === 'string') {
    return { message: record.message, type: typeof record.type === 'string' ? record.type : undefined };
  }
  if (typeof record.detail === 'string') return { message: record.detail };
  return undefined;
}

/**
 * A Chat Completions error body (OpenAI's `{error:{message,type,code,param}}`, OpenRouter's numeric
 * `code` with `metadata.raw`, FastAPI's `{message}` / `{detail}`) to our parsed form.
 */
export function parseOpenAICompatibleError(body: unknown): ParsedErrorBody {
  const error = readWireError(body);
  if (error === undefined)
    return { message: typeof body === 'string' && body !== '' ? body.slice(0, 500) : undefined };
  const code = typeof error.code === 'string' ? error.code : (error.type ?? undefined);
  let message = error.message;
  // OpenRouter hides the upstream provider's words in metadata.raw.
  const raw = error.metadata?.raw;
  if (typeof raw === 'string' && raw !== '' && message !== undefined && !message.includes(raw)) {
    message = `${message}: ${raw.slice(0, 300)}`;
  }
  const parsed: ParsedErrorBody = { message, code };
  const kind =
    code !== undefined && contextLengthCodes.has(code)
      ? 'context-length'
      : (errorKindOfCode(code) ?? errorKindOfCode(error.type ?? undefined));
  if (kind !== undefined) parsed.kind = kind;
  return parsed;
}

/** The HTTP status an in-band error object stands for, where it says (OpenRouter's `code`, Groq's `status_code`). */
export function inBandErrorStatus(error: WireError): number | undefined {
  if (typeof error.status_code === 'number') return error.status_code;
  if (typeof error.code === 'number' && error.code >= 400 && error.code < 600) return error.code;
  return undefined;
}

/**
 * An in-band error (OpenRouter's `error` inside a chunk or a 200 body, Groq's `event: error`) as its class:
 * this parser reads the wire error, and `classifyInBandError` alone decides the class. Never throws.
 */
export function openAICompatibleInBandError(
  error: WireError,
  context: { provider: string; model: string; requestId?: string },
): ProviderAPIError {
  return classifyInBandError({
    provider: context.provider,
    model: context.model,
    status: inBandErrorStatus(error),
    parsed: parseOpenAICompatibleError({ error }),
    requestId: context.requestId,
    body: { error },
  });
}
