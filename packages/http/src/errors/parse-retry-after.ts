import { type ResponseHeaders, readHeader } from './response-headers.js';

// A server asking for more than a minute is better served by the retry loop's own backoff and cap than by a
// caller blocked for an hour; openai-node trusts the header only within the same 0–60 s window.
const maximumRetryAfterMs = 60_000;

const secondsPattern = /^\s*\d+(?:\.\d+)?\s*$/;

function capped(milliseconds: number): number | undefined {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return undefined;
  return Math.min(Math.ceil(milliseconds), maximumRetryAfterMs);
}

/**
 * How long the server asked us to wait before retrying, in ms: `retry-after-ms` (OpenAI and Anthropic send
 * it, precise) first, else `Retry-After` as seconds or an HTTP date relative to `now` (ms since the epoch).
 * Capped at 60 s; a negative, past or unparseable value gives `undefined`. Never throws.
 */
export function parseRetryAfter(headers: ResponseHeaders, now: number = Date.now()): number | undefined {
  const retryAfterMs = readHeader(headers, 'retry-after-ms');
  if (retryAfterMs !== undefined && secondsPattern.test(retryAfterMs)) {
    const parsed = capped(Number(retryAfterMs));
    if (parsed !== undefined) return parsed;
  }
  const retryAfter = readHeader(headers, 'retry-after');
  if (retryAfter === undefined) return undefined;
  if (secondsPattern.test(retryAfter)) return capped(Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : capped(date - now);
}
