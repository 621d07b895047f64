import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreTrainedModel } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectBatchingSupport } from './detect-batching-support.js';

function cache(name: string, shape: (number | string)[] = ['batch_size', 4, 'past_sequence_length', 8]) {
  return { name, type: 'float32', shape };
}

/** A model whose one session has these inputs (metadata) and the matching `present` outputs. */
function modelWith(
  inputs: { name: string; type?: string; shape?: (number | string)[] }[],
  sessions?: Record<string, unknown>,
): PreTrainedModel {
  const session = {
    inputNames: inputs.map((input) => input.name),
    outputNames: [
      'logits',
      ...inputs
        .map((input) => input.name)
        .filter((name) => name.startsWith('past_key_values'))
        .map((name) => name.replace('past_key_values', 'present')),
    ],
    inputMetadata: inputs,
    run: async () => ({}),
  };
  return { sessions: sessions ?? { model: session }, config: {} } as unknown as PreTrainedModel;
}

const plain = [
  { name: 'input_ids' },
  { name: 'attention_mask' },
  { name: 'position_ids' },
  cache('past_key_values.0.key'),
  cache('past_key_values.0.value'),
];

describe('detectBatchingSupport', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'onnx-detect-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('batches a decoder with position_ids and plain key/value caches', async () => {
    const support = await detectBatchingSupport(modelWith(plain), undefined);
    expect(support).toMatchObject({ batchable: true, keepsLogits: false });
    if (support.batchable) {
      expect(support.entries[0]).toEqual({
        input: 'past_key_values.0.key',
        output: 'present.0.key',
        type: 'float32',
        heads: 4,
        headSize: 8,
      });
    }
  });

  it('falls back without position_ids, with a conv state, or with a cache of another layout', async () => {
    const withoutPositions = plain.filter((input) => input.name !== 'position_ids');
    expect(await detectBatchingSupport(modelWith(withoutPositions), undefined)).toEqual({
      batchable: false,
      reason: 'the decoder has no position_ids input',
    });
    const conv = [...plain, cache('past_conv.0')];
    expect(await detectBatchingSupport(modelWith(conv), undefined)).toMatchObject({
      batchable: false,
      reason: expect.stringMatching(/past_conv\.0 is not a plain key\/value cache/),
    });
    const flat = [...plain.slice(0, 3), cache('past_key_values.0.key', ['batch_size', 'past', 32])];
    expect(await detectBatchingSupport(modelWith(flat), undefined)).toMatchObject({ batchable: false });
  });

  it('falls back for encoder-decoders and exports that use GroupQueryAttention', async () => {
    const twoSessions = modelWith(plain, { encoder_model: {}, decoder_model_merged: {} });
    expect(await detectBatchingSupport(twoSessions, undefined)).toMatchObject({ batchable: false });
    await writeFile(join(folder, 'model.onnx'), Buffer.from('\u0008\u0007...GroupQueryAttention...'));
    expect(await detectBatchingSupport(modelWith(plain), folder)).toMatchObject({
      batchable: false,
      reason: expect.stringMatching(/model\.onnx uses GroupQueryAttention/),
    });
  });
});
