import type { IncomingMessage } from 'node:http';

/** Reads the whole request body; resolves to `undefined` when the client leaves before it has arrived. */
export function readRequestBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.once('end', () => resolve(parts.length === 1 ? parts[0] : Buffer.concat(parts)));
    // A client that disconnects mid-upload must not crash the server; there is nothing left to answer.
    request.once('error', () => resolve(undefined));
    request.once('aborted', () => resolve(undefined));
  });
}

/** Parsed JSON, else the raw text, else `undefined` for an empty body. */
export function parseRequestBody(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: tests still want to see what arrived, so the text is recorded as is.
    return text;
  }
}
