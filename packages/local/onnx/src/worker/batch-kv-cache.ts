import { Tensor } from '@huggingface/transformers';

/** An ONNX Runtime tensor as the decoder session takes and returns it (only what the engine reads). */
export type OrtTensor = Tensor['ort_tensor'];

/** One cache input of the decoder, fed at each step from the output of the step before. */
export interface CacheEntry {
  /** `past_key_values.N.key` or `.value`. */
  input: string;
  /** `present.N.key` or `.value`. */
  output: string;
  type: 'float32' | 'float16';
  /** Key/value heads (axis 1). */
  heads: number;
  /** Floats per head and position (axis 3). */
  headSize: number;
}

/**
 * The key/value cache of a batch: every entry is `[rows, heads, columns, headSize]`, each row's real
 * positions right-aligned (left padding), so the newest position of every row is the last column.
 */
export interface BatchCache {
  rows: number;
  columns: number;
  /** By input name; after a step these are the session's own `present` outputs, fed back without a copy. */
  tensors: Map<string, OrtTensor>;
}

/** Where a row of a new layout comes from: `length` real positions of `row` in `cache`. */
export interface CacheRowSource {
  cache: BatchCache;
  row: number;
  length: number;
}

type CacheArray = Float32Array | Uint16Array;

function allocate(entry: CacheEntry, size: number): CacheArray {
  // ONNX Runtime's node binding holds float16 as raw 16-bit words.
  return entry.type === 'float16' ? new Uint16Array(size) : new Float32Array(size);
}

/** A cache of `rows` rows and no columns: what a prefill starts from. */
export function emptyBatchCache(entries: readonly CacheEntry[], rows: number): BatchCache {
  const tensors = new Map<string, OrtTensor>();
  for (const entry of entries) {
    tensors.set(
      entry.input,
      new Tensor(entry.type, allocate(entry, 0), [rows, entry.heads, 0, entry.headSize]).ort_tensor,
    );
  }
  return { rows, columns: 0, tensors };
}

/**
 * A new cache whose row `r` holds the last `sources[r].length` positions of its source row, right-aligned in
 * `columns` columns with zeros before them (masked by the attention mask, never read). One function does
 * TGI's `concatenate` (rows of two batches, the shorter left-padded) and `filter` (finished rows dropped and
 * columns that are padding in every remaining row trimmed): both are a copy into a fresh layout.
 */
export function layoutBatchCache(
  entries: readonly CacheEntry[],
  sources: readonly CacheRowSource[],
  columns: number,
): BatchCache {
  const rows = sources.length;
  const tensors = new Map<string, OrtTensor>();
  for (const entry of entries) {
    const { heads, headSize } = entry;
    const target = allocate(entry, rows * heads * columns * headSize);
    sources.forEach((source, row) => {
      const from = source.cache.tensors.get(entry.input);
      if (from === undefined) throw new Error(`onnx batch: no cache tensor ${entry.input}`);
      const data = from.data as CacheArray;
      const sourceColumns = source.cache.columns;
      const span = source.length * headSize;
      for (let head = 0; head < heads; head++) {
        const start =
          ((source.row * heads + head) * sourceColumns + sourceColumns - source.length) * headSize;
        const at = ((row * heads + head) * columns + columns - source.length) * headSize;
        target.set(data.subarray(start, start + span), at);
      }
    });
    tensors.set(entry.input, new Tensor(entry.type, target, [rows, heads, columns, headSize]).ort_tensor);
  }
  return { rows, columns, tensors };
}
