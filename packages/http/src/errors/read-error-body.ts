import type { Readable } from 'node:stream';

// Error bodies are a few hundred bytes; a proxy's HTML page or a misrouted download is not worth more.
const defaultLimitBytes = 64 * 1024;

/** The part of an undici response body that reading an error body needs. */
export interface ErrorResponseBody extends Readable {
  /** undici's: discards up to `limit` more bytes so the socket can be reused, or closes it past that. */
  dump(options?: { limit?: number }): Promise<void>;
}

/**
 * Reads at most `limitBytes` of an error body, then releases the connection: the rest is discarded (and the
 * socket kept alive) when small, or the socket closed when not. Returns the parsed JSON, or the text when it
 * is not JSON. Throws what reading the body throws (an abort, a reset).
 */
export async function readErrorBody(
  body: ErrorResponseBody,
  limitBytes = defaultLimitBytes,
): Promise<unknown> {
  const parts: Uint8Array[] = [];
  let size = 0;
  // destroyOnReturn: false, so stopping at the limit leaves the rest for `dump` instead of killing the socket.
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>) {
    const room = limitBytes - size;
    parts.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.length, room);
    if (size >= limitBytes) break;
  }
  if (!body.readableEnded) await body.dump({ limit: limitBytes });
  const text = Buffer.concat(parts, size).toString('utf8').trim();
  if (text.length === 0) return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the text is what the provider said (Ollama's plain-text errors, a proxy's page).
    return text;
  }
}
