import { ProviderAPIError } from '@core/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesOf, cutOffsets, decodeAll, oneByteChunks, splitAt } from '../../test/support/split-bytes.js';
import { createNdjsonDecoder } from './create-ndjson-decoder.js';

async function decode(chunks: readonly Uint8Array[]): Promise<unknown[]> {
  return decodeAll(createNdjsonDecoder({ provider: 'ollama' }), chunks);
}

describe('createNdjsonDecoder', () => {
  it('parses each line once and skips blank lines', async () => {
    expect(await decode([bytesOf('{"a":1}\n\n  \r\n{"b":"é"}\r\n')])).toEqual([{ a: 1 }, { b: 'é' }]);
  });

  it('emits a last line that has no newline', async () => {
    expect(await decode([bytesOf('{"a":1}\n{"done":true}')])).toEqual([{ a: 1 }, { done: true }]);
  });

  it('throws a ProviderAPIError that is not retryable for a malformed line', async () => {
    const error = await decode([bytesOf('{"a":1}\n{"a":\n')]).catch((caught: unknown) => caught);
    expect(ProviderAPIError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'ollama', retryable: false });
    expect((error as Error).message).toContain('{\\"a\\":');
  });

  it('gives the same values for any split of the bytes', async () => {
    const value = fc.jsonValue({ maxDepth: 2 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(value, fc.constantFrom('\n', '\r\n', '\n\n')), { maxLength: 10 }).chain((lines) => {
          const text = lines.map(([item, end]) => JSON.stringify(item) + end).join('');
          return fc.tuple(fc.constant(lines), fc.constant(bytesOf(text)), cutOffsets(bytesOf(text).length));
        }),
        async ([lines, bytes, offsets]) => {
          // Through JSON once, so -0 and 0 compare as the wire gives them.
          const expected = lines.map(([item]) => JSON.parse(JSON.stringify(item)) as unknown);
          expect(await decode(splitAt(bytes, offsets))).toEqual(expected);
          expect(await decode(oneByteChunks(bytes))).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
