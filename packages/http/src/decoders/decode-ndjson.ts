import { createLineDecoder, type LineDecoderOptions } from './create-line-decoder.js';
import { parseJsonData } from './parse-json-data.js';

/** What `decodeNdjson` accepts. */
export interface NdjsonDecoderOptions extends LineDecoderOptions {
  /** The provider name used in errors. */
  provider: string;
}

/**
 * Decodes newline-delimited JSON (Ollama's streams) into values, each line `JSON.parse`d once. Blank lines
 * are skipped and a last line without a newline is still emitted. Throws a `ProviderAPIError` (not
 * retryable) on a malformed line and a `RangeError` when a line exceeds `maxLineLength`.
 */
export async function* decodeNdjson<T>(
  body: AsyncIterable<Uint8Array>,
  options: NdjsonDecoderOptions,
): AsyncGenerator<T> {
  const decoder = createNdjsonDecoder<T>(options);
  for await (const chunk of body) {
    for (const value of decoder.push(chunk)) yield value;
  }
  for (const value of decoder.flush()) yield value;
}

/** A push-based NDJSON parser: bytes in, parsed values out. */
export interface NdjsonDecoder<T> {
  push(chunk: Uint8Array): T[];
  flush(): T[];
}

/** The synchronous core of `decodeNdjson`, for callers that own the loop over the body. */
export function createNdjsonDecoder<T>(options: NdjsonDecoderOptions): NdjsonDecoder<T> {
  const lines = createLineDecoder(options);
  const { provider } = options;

  let values: T[] = [];
  const visitLine = (text: string, start: number, end: number): void => {
    const line = text.slice(start, end);
    if (line.trim().length === 0) return;
    values.push(parseJsonData<T>(line, provider));
  };
  const take = (): T[] => {
    const completed = values;
    values = [];
    return completed;
  };

  return {
    push(chunk) {
      lines.scan(chunk, visitLine);
      return take();
    },
    flush() {
      lines.scanEnd(visitLine);
      return take();
    },
  };
}
