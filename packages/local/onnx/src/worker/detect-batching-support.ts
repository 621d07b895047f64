import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreTrainedModel } from '@huggingface/transformers';
import type { CacheEntry, OrtTensor } from './batch-kv-cache.js';

/** The decoder's ONNX Runtime session, as transformers.js holds it in `model.sessions.model`. */
export interface DecoderSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly { name: string; type?: string; shape?: readonly (number | string)[] }[];
  run(feeds: Record<string, OrtTensor>, fetches?: readonly string[]): Promise<Record<string, OrtTensor>>;
}

/** Whether this worker can batch the model's requests, and what the batch engine needs if so. */
export type BatchingSupport =
  | {
      batchable: true;
      session: DecoderSession;
      entries: CacheEntry[];
      /** The session takes `num_logits_to_keep` (then fed 1: only the last position's logits). */
      keepsLogits: boolean;
    }
  | { batchable: false; reason: string };

const cacheInput = /^past_key_values\.\d+\.(key|value)$/;
// Graph nodes come before the weights in an .onnx file (GraphProto field 1 precedes initializers, field 5),
// so the op types of even a large model sit in its first megabytes.
const scannedBytes = 8 * 1024 * 1024;
const groupQueryAttention = Buffer.from('GroupQueryAttention');

async function fileHas(path: string, needle: Buffer): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(scannedBytes);
    const { bytesRead } = await handle.read(buffer, 0, scannedBytes, 0);
    return buffer.subarray(0, bytesRead).includes(needle);
  } finally {
    await handle.close();
  }
}

/** The .onnx files under `folder` that use ONNX Runtime's GroupQueryAttention op; none when unreadable. */
async function filesWithGroupQueryAttention(folder: string): Promise<string[]> {
  const names = await readdir(folder, { recursive: true }).catch(() => [] as string[]);
  const found: string[] = [];
  for (const name of names) {
    if (name.endsWith('.onnx') && (await fileHas(join(folder, name), groupQueryAttention))) found.push(name);
  }
  return found;
}

function asCount(value: number | string | undefined): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/**
 * Checks, once at load, that the decoder can be driven as a left-padded batch: a single decoder-only
 * session with `input_ids`, `attention_mask` and `position_ids` (rows of different lengths need their own
 * positions), whose only other inputs are plain key/value caches `[batch, heads, past, headSize]` with a
 * `present` output each (conv, SSM or recurrent states cannot be padded), and no GroupQueryAttention (its
 * `seqlens_k` assumes right padding, ORT PR #18283; found by scanning the model's .onnx files in
 * `modelFolder`). Anything else returns the reason, and the worker runs one sequence at a time.
 */
export async function detectBatchingSupport(
  model: PreTrainedModel,
  modelFolder: string | undefined,
): Promise<BatchingSupport> {
  const sessionNames = Object.keys(model.sessions);
  const session = model.sessions.model as DecoderSession | undefined;
  if (session === undefined || sessionNames.length !== 1 || model.config.is_encoder_decoder) {
    return { batchable: false, reason: `sessions ${sessionNames.join(', ')} are not a single decoder` };
  }
  const inputs = new Set(session.inputNames);
  for (const needed of ['input_ids', 'attention_mask', 'position_ids']) {
    if (!inputs.has(needed)) return { batchable: false, reason: `the decoder has no ${needed} input` };
  }
  const entries: CacheEntry[] = [];
  for (const name of session.inputNames) {
    if (['input_ids', 'attention_mask', 'position_ids', 'num_logits_to_keep'].includes(name)) continue;
    if (!cacheInput.test(name)) {
      return { batchable: false, reason: `input ${name} is not a plain key/value cache` };
    }
    const meta = session.inputMetadata?.find((item) => item.name === name);
    const shape = meta?.shape;
    const heads = asCount(shape?.[1]);
    const headSize = asCount(shape?.[3]);
    const output = name.replace('past_key_values', 'present');
    if (
      shape?.length !== 4 ||
      heads === undefined ||
      headSize === undefined ||
      typeof shape[2] !== 'string'
    ) {
      return { batchable: false, reason: `cache ${name} is not [batch, heads, past, headSize]` };
    }
    if (meta?.type !== 'float32' && meta?.type !== 'float16') {
      return { batchable: false, reason: `cache ${name} is ${meta?.type ?? 'of unknown type'}` };
    }
    if (!session.outputNames.includes(output)) {
      return { batchable: false, reason: `cache ${name} has no ${output} output` };
    }
    entries.push({ input: name, output, type: meta.type, heads, headSize });
  }
  if (entries.length === 0) return { batchable: false, reason: 'the decoder has no key/value cache' };
  if (modelFolder !== undefined) {
    const grouped = await filesWithGroupQueryAttention(modelFolder);
    if (grouped.length > 0) {
      return {
        batchable: false,
        reason: `${grouped.join(', ')} uses GroupQueryAttention, which needs right padding`,
      };
    }
  }
  return { batchable: true, session, entries, keepsLogits: inputs.has('num_logits_to_keep') };
}
