/** What `createLineDecoder` accepts. */
export interface LineDecoderOptions {
  /** The longest line kept, in bytes, before the decoder gives up (default 8 MiB). */
  maxLineBytes?: number;
}

/** A push-based splitter of bytes into lines; see `createLineDecoder`. */
export interface LineDecoder {
  /** Takes the next read and returns the lines it completed (without their line ends). */
  push(chunk: Uint8Array): string[];
  /** Ends the input: returns the last line when the stream did not end with a line break. */
  flush(): string[];
}

// A single SSE event or NDJSON line beyond this is a broken or hostile stream, not a real reply: the largest
// real events (a whole tool call's arguments, a signature) are a few hundred KiB.
const defaultMaxLineBytes = 8 * 1024 * 1024;

const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/**
 * Splits bytes into lines ending in LF, CR or CRLF, in one pass: each byte is looked at once, and a line split
 * across reads is kept as its pieces and joined once when its end arrives, so nothing is re-scanned from 0.
 * Line ends are single bytes that never occur inside a UTF-8 sequence, so a complete line always holds whole
 * characters and decodes with one `TextDecoder` call, however the bytes were split. `push` throws a
 * `RangeError` when a line grows past `maxLineBytes`.
 */
export function createLineDecoder(options: LineDecoderOptions = {}): LineDecoder {
  const maxLineBytes = options.maxLineBytes ?? defaultMaxLineBytes;
  const textDecoder = new TextDecoder();
  // The start of a line whose end has not arrived yet, as copied pieces (never a ring of re-concatenation).
  let pendingParts: Uint8Array[] = [];
  let pendingBytes = 0;
  // A read that ended in CR: an LF at the start of the next read belongs to the same line end (CRLF).
  let endedWithCarriageReturn = false;

  function tooLong(): RangeError {
    return new RangeError(
      `A line of the response stream exceeded ${maxLineBytes} bytes without a line break.`,
    );
  }

  function completeLine(chunk: Uint8Array, start: number, end: number): string {
    if (pendingBytes === 0) {
      if (end - start > maxLineBytes) throw tooLong();
      return textDecoder.decode(chunk.subarray(start, end));
    }
    const total = pendingBytes + (end - start);
    if (total > maxLineBytes) throw tooLong();
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const part of pendingParts) {
      joined.set(part, offset);
      offset += part.length;
    }
    joined.set(chunk.subarray(start, end), offset);
    pendingParts = [];
    pendingBytes = 0;
    return textDecoder.decode(joined);
  }

  function push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    const length = chunk.length;
    let start = 0;
    if (endedWithCarriageReturn && length > 0) {
      endedWithCarriageReturn = false;
      if (chunk[0] === lineFeed) start = 1;
    }
    // CR is rare (most servers send LF), so its next position is searched once and reused until passed.
    let nextCarriageReturn = chunk.indexOf(carriageReturn, start);
    let nextLineFeed = chunk.indexOf(lineFeed, start);
    while (nextLineFeed !== -1 || nextCarriageReturn !== -1) {
      if (nextCarriageReturn === -1 || (nextLineFeed !== -1 && nextLineFeed < nextCarriageReturn)) {
        lines.push(completeLine(chunk, start, nextLineFeed));
        start = nextLineFeed + 1;
        nextLineFeed = chunk.indexOf(lineFeed, start);
        continue;
      }
      lines.push(completeLine(chunk, start, nextCarriageReturn));
      start = nextCarriageReturn + 1;
      if (start === length) {
        endedWithCarriageReturn = true;
      } else if (chunk[start] === lineFeed) {
        start += 1;
        nextLineFeed = chunk.indexOf(lineFeed, start);
      }
      nextCarriageReturn = chunk.indexOf(carriageReturn, start);
    }
    if (start < length) {
      pendingBytes += length - start;
      if (pendingBytes > maxLineBytes) throw tooLong();
      // Copied: the caller may reuse its buffer for the next read.
      pendingParts.push(chunk.slice(start));
    }
    return lines;
  }

  function flush(): string[] {
    endedWithCarriageReturn = false;
    if (pendingBytes === 0) return [];
    return [completeLine(new Uint8Array(0), 0, 0)];
  }

  return { push, flush };
}
