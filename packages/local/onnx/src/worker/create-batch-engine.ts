import { Tensor } from '@huggingface/transformers';
import type { GenerationReport, WorkerGenerateRequest } from '../worker-messages.js';
import {
  type BatchCache,
  type CacheRowSource,
  emptyBatchCache,
  layoutBatchCache,
  type OrtTensor,
} from './batch-kv-cache.js';
import { createGenerationRow, encodePromptTokens, type GenerationRow } from './create-generation-row.js';
import { createTokenSampler, type TokenSampler } from './create-token-sampler.js';
import type { BatchingSupport } from './detect-batching-support.js';
import type { LoadedOnnxModel } from './load-onnx-model.js';

/** Continuous batching over one decoder session: requests join and leave a running batch between steps. */
export interface BatchEngine {
  /** Queues a generation; settles with its report, or rejects (prompt too long, a failed forward pass). */
  submit(
    request: WorkerGenerateRequest,
    abortFlag: Int32Array,
    onText: (text: string) => void,
  ): Promise<GenerationReport>;
  /** Settles once no request runs or waits (a worker that closes waits for this). */
  idle(): Promise<void>;
}

/** One request in (or about to join) the batch. */
interface BatchRow {
  generation: GenerationRow;
  sampler: TokenSampler;
  abortFlag: Int32Array;
  /** Prompt and generated tokens: what the logits processors (repetition penalty…) read. */
  tokens: bigint[];
  /** Positions of this row held in the cache; its next token's `position_ids`. */
  length: number;
  /** The last sampled token, fed at the next step. */
  next: bigint;
  resolve(report: GenerationReport): void;
  reject(error: unknown): void;
}

type Batchable = Extract<BatchingSupport, { batchable: true }>;

function int64(values: BigInt64Array, dims: number[]): OrtTensor {
  return new Tensor('int64', values, dims).ort_tensor;
}

function isAborted(row: BatchRow): boolean {
  return Atomics.load(row.abortFlag, 0) === 1;
}

// A forward pass awaits native code; this lets the thread's queued messages (new requests, aborts, token
// counts) in at every step boundary even when the pass resolves at once.
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * TGI's non-flash causal-LM loop (`causal_lm.py`: `from_pb`, `concatenate`, `filter`) in one worker:
 * - admit: at a step boundary, up to `maxBatchSize` waiting requests are prefilled together, left-padded
 *   (attention mask 0 over padding, `position_ids` counted per row), their first token sampled, and their
 *   cache joined to the running rows' on the batch axis, the shorter side left-padded on the sequence axis;
 * - step: one forward pass of one token per row, each row's own `position_ids` (its real length), logits
 *   processors and random generator, its token handed to its caller at once;
 * - retire: a row that ends (end token, stop sequence, maxNewTokens, abort) is answered and dropped before
 *   the next pass, and columns that are padding in every remaining row are trimmed.
 * Waiting requests are admitted before the next step, so a long batch never starves a new request; the
 * running rows pause for one prefill.
 */
export function createBatchEngine(
  loaded: LoadedOnnxModel,
  support: Batchable,
  maxBatchSize: number,
): BatchEngine {
  const { session, entries, keepsLogits } = support;
  const fetches = ['logits', ...entries.map((entry) => entry.output)];
  const waiting: BatchRow[] = [];
  let rows: BatchRow[] = [];
  let cache: BatchCache | undefined;
  let loop: Promise<void> | undefined;

  function answer(row: BatchRow, aborted: boolean): void {
    try {
      row.resolve(row.generation.finish(aborted));
    } catch (error) {
      row.reject(error);
    }
  }

  /** Runs the session; the cache it returns holds the `present` outputs under their input names. */
  async function forward(
    feeds: Record<string, OrtTensor>,
    from: BatchCache,
  ): Promise<{ logits: Float32Array; positions: number; vocabulary: number; cache: BatchCache }> {
    for (const [name, tensor] of from.tensors) feeds[name] = tensor;
    if (keepsLogits) feeds.num_logits_to_keep = int64(BigInt64Array.of(1n), []);
    const outputs = await session.run(feeds, fetches);
    const raw = outputs.logits;
    if (raw === undefined) throw new Error('onnx batch: the decoder returned no logits');
    const logits = new Tensor(raw);
    const data = (logits.type === 'float32' ? logits : logits.to('float32')).data as Float32Array;
    const tensors = new Map<string, OrtTensor>();
    for (const entry of entries) {
      const present = outputs[entry.output];
      if (present === undefined) throw new Error(`onnx batch: the decoder returned no ${entry.output}`);
      tensors.set(entry.input, present);
    }
    const [, positions = 1, vocabulary = data.length] = logits.dims;
    const columns = tensors.values().next().value?.dims[2] ?? 0;
    return { logits: data, positions, vocabulary, cache: { rows: from.rows, columns, tensors } };
  }

  /** Samples row `index`'s next token from the last position of its logits; returns whether it is done. */
  async function sample(
    row: BatchRow,
    index: number,
    result: { logits: Float32Array; positions: number; vocabulary: number },
  ): Promise<boolean> {
    const { positions, vocabulary } = result;
    const start = (index * positions + positions - 1) * vocabulary;
    // A copy: the processors work in place.
    const token = await row.sampler.next(row.tokens, result.logits.slice(start, start + vocabulary));
    row.tokens.push(token);
    row.next = token;
    return row.generation.accept(token);
  }

  /** Keeps `kept` (rows of `from`, by index) in a cache trimmed to their longest row. */
  function keep(from: BatchCache, kept: { row: BatchRow; index: number }[]): BatchCache | undefined {
    if (kept.length === 0) return undefined;
    const columns = Math.max(...kept.map(({ row }) => row.length));
    if (kept.length === from.rows && columns === from.columns) return from;
    const sources = kept.map(({ row, index }) => ({ cache: from, row: index, length: row.length }));
    return layoutBatchCache(entries, sources, columns);
  }

  async function admit(admitted: BatchRow[]): Promise<void> {
    const promptLength = Math.max(...admitted.map((row) => row.tokens.length));
    const count = admitted.length;
    const inputIds = new BigInt64Array(count * promptLength);
    const mask = new BigInt64Array(count * promptLength);
    // Padding positions get 1, as transformers.js's `create_position_ids` fills them; they are masked anyway.
    const positions = new BigInt64Array(count * promptLength).fill(1n);
    admitted.forEach((row, index) => {
      const padding = promptLength - row.tokens.length;
      row.tokens.forEach((token, position) => {
        const at = index * promptLength + padding + position;
        inputIds[at] = token;
        mask[at] = 1n;
        positions[at] = BigInt(position);
      });
      row.length = row.tokens.length;
    });
    let result: Awaited<ReturnType<typeof forward>>;
    try {
      result = await forward(
        {
          input_ids: int64(inputIds, [count, promptLength]),
          attention_mask: int64(mask, [count, promptLength]),
          position_ids: int64(positions, [count, promptLength]),
        },
        emptyBatchCache(entries, count),
      );
    } catch (error) {
      for (const row of admitted) row.reject(error);
      return;
    }
    const joining: { row: BatchRow; index: number }[] = [];
    for (const [index, row] of admitted.entries()) {
      try {
        if (await sample(row, index, result)) answer(row, false);
        else joining.push({ row, index });
      } catch (error) {
        row.reject(error);
      }
    }
    if (joining.length === 0) return;
    if (cache === undefined || rows.length === 0) {
      cache = keep(result.cache, joining);
      rows = joining.map(({ row }) => row);
      return;
    }
    const running = cache;
    const sources: CacheRowSource[] = [
      ...rows.map((row, index) => ({ cache: running, row: index, length: row.length })),
      ...joining.map(({ row, index }) => ({ cache: result.cache, row: index, length: row.length })),
    ];
    rows = [...rows, ...joining.map(({ row }) => row)];
    cache = layoutBatchCache(entries, sources, Math.max(...rows.map((row) => row.length)));
  }

  async function step(): Promise<void> {
    if (cache === undefined) return;
    const count = rows.length;
    const columns = cache.columns + 1;
    const inputIds = new BigInt64Array(count);
    const positions = new BigInt64Array(count);
    const mask = new BigInt64Array(count * columns);
    rows.forEach((row, index) => {
      inputIds[index] = row.next;
      positions[index] = BigInt(row.length);
      // Left padding: this row's real positions (and the new one) are the last `length + 1` columns.
      mask.fill(1n, index * columns + (columns - row.length - 1), (index + 1) * columns);
    });
    const result = await forward(
      {
        input_ids: int64(inputIds, [count, 1]),
        attention_mask: int64(mask, [count, columns]),
        position_ids: int64(positions, [count, 1]),
      },
      cache,
    );
    const kept: { row: BatchRow; index: number }[] = [];
    for (const [index, row] of rows.entries()) {
      row.length++;
      if (await sample(row, index, result)) answer(row, false);
      else kept.push({ row, index });
    }
    cache = keep(result.cache, kept);
    rows = kept.map(({ row }) => row);
  }

  /** Answers aborted rows (waiting or running) before another forward pass is spent on them. */
  function retireAborted(): void {
    for (let index = waiting.length - 1; index >= 0; index--) {
      const row = waiting[index] as BatchRow;
      if (isAborted(row)) {
        waiting.splice(index, 1);
        answer(row, true);
      }
    }
    if (cache === undefined || !rows.some(isAborted)) return;
    const kept: { row: BatchRow; index: number }[] = [];
    for (const [index, row] of rows.entries()) {
      if (isAborted(row)) answer(row, true);
      else kept.push({ row, index });
    }
    cache = keep(cache, kept);
    rows = kept.map(({ row }) => row);
  }

  function failAll(error: unknown): void {
    for (const row of [...rows, ...waiting.splice(0)]) row.reject(error);
    rows = [];
    cache = undefined;
  }

  async function run(): Promise<void> {
    while (rows.length > 0 || waiting.length > 0) {
      await yieldToMessages();
      try {
        retireAborted();
        if (waiting.length > 0 && rows.length < maxBatchSize) {
          await admit(waiting.splice(0, maxBatchSize - rows.length));
        } else if (rows.length > 0) {
          await step();
        }
      } catch (error) {
        // A failed pass leaves the shared cache unusable: every row in it fails (the worker lives on).
        failAll(error);
      }
    }
  }

  function start(): void {
    loop ??= run().finally(() => {
      loop = undefined;
      if (waiting.length > 0) start();
    });
  }

  return {
    submit(request, abortFlag, onText) {
      return new Promise<GenerationReport>((resolve, reject) => {
        const promptTokens = encodePromptTokens(loaded, request);
        const sampler = createTokenSampler(loaded.model, request, promptTokens.length);
        waiting.push({
          generation: createGenerationRow(loaded, request, promptTokens, sampler.endTokens, onText),
          sampler,
          abortFlag,
          tokens: [...promptTokens],
          length: 0,
          next: 0n,
          resolve,
          reject,
        });
        start();
      });
    },
    idle() {
      return loop ?? Promise.resolve();
    },
  };
}
