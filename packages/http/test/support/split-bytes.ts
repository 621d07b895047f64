import fc from 'fast-check';

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text`. */
export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `bytes` cut at the given offsets (any order, duplicates and out-of-range offsets ignored). */
export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets)]
    .filter((offset) => offset > 0 && offset < bytes.length)
    .sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(bytes.slice(start, cut));
    start = cut;
  }
  chunks.push(bytes.slice(start));
  return chunks;
}

/** `bytes` as one-byte reads: every possible boundary at once. */
export function oneByteChunks(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (byte) => Uint8Array.of(byte));
}

/** An arbitrary set of cut offsets for a buffer of `length` bytes. */
export function cutOffsets(length: number): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: Math.min(64, length) });
}

/** Runs a push decoder (`push` per read, then `flush`) over `chunks`: what a stream of those reads gives. */
export function decodeAll<T>(
  decoder: { push(chunk: Uint8Array): T[]; flush(): T[] },
  chunks: readonly Uint8Array[],
): T[] {
  const values: T[] = [];
  for (const chunk of chunks) values.push(...decoder.push(chunk));
  values.push(...decoder.flush());
  return values;
}
