import { createLineDecoder, type LineDecoderOptions } from './create-line-decoder.js';
import { parseJsonData } from './parse-json-data.js';

/** What `createNdjsonDecoder` accepts. */
export interface NdjsonDecoderOptions extends LineDecoderOptions {
  /** The provider name used in errors. */
  provider: string;
}

/** A push-based NDJSON parser: bytes in, parsed values out. */
export interface NdjsonDecoder<T> {
  push(chunk: Uint8Array): T[];
  flush(): T[];
}

/**
 * Decodes newline-delimited JSON (Ollama's streams) read by read, each line `JSON.parse`d once. Blank lines
 * are skipped and a last line without a newline is still emitted by `flush`. Throws a `ProviderAPIError`
 * (not retryable) on a malformed line and a `RangeError` when a line exceeds `maxLineLength`.
 */
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
