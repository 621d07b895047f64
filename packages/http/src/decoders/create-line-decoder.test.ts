import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesOf, cutOffsets, oneByteChunks, splitAt } from '../../test/support/split-bytes.js';
import { createLineDecoder } from './create-line-decoder.js';

function decodeAll(chunks: readonly Uint8Array[], maxLineLength?: number): string[] {
  const decoder = createLineDecoder(maxLineLength === undefined ? {} : { maxLineLength });
  const lines: string[] = [];
  for (const chunk of chunks) lines.push(...decoder.push(chunk));
  lines.push(...decoder.flush());
  return lines;
}

describe('createLineDecoder', () => {
  it('splits on LF, CRLF and lone CR alike', () => {
    expect(decodeAll([bytesOf('a\nb\r\nc\rd\n')])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps empty lines, which SSE uses to dispatch', () => {
    expect(decodeAll([bytesOf('a\n\nb\r\n\r\n\r\r')])).toEqual(['a', '', 'b', '', '', '']);
  });

  it('treats a CR ending one read and an LF starting the next as one line end', () => {
    expect(decodeAll([bytesOf('a\r'), bytesOf('\nb\n')])).toEqual(['a', 'b']);
    // An empty read between them does not break the pair.
    expect(decodeAll([bytesOf('a\r'), new Uint8Array(0), bytesOf('\nb\n')])).toEqual(['a', 'b']);
  });

  it('ends a line at a CR followed by anything but LF in the next read', () => {
    expect(decodeAll([bytesOf('a\r'), bytesOf('b\n')])).toEqual(['a', 'b']);
    expect(decodeAll([bytesOf('a\r'), bytesOf('\r\n')])).toEqual(['a', '']);
  });

  it('emits a last line that has no line end only on flush', () => {
    const decoder = createLineDecoder();
    expect(decoder.push(bytesOf('one\ntw'))).toEqual(['one']);
    expect(decoder.push(bytesOf('o'))).toEqual([]);
    expect(decoder.flush()).toEqual(['two']);
    expect(decoder.flush()).toEqual([]);
  });

  it('decodes a UTF-8 character split across reads', () => {
    const bytes = bytesOf('héllo 👋 世界\n');
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(decodeAll(splitAt(bytes, [cut]))).toEqual(['héllo 👋 世界']);
    }
    expect(decodeAll(oneByteChunks(bytes))).toEqual(['héllo 👋 世界']);
  });

  it('does not keep a reference to the caller’s buffer for an unfinished line', () => {
    const decoder = createLineDecoder();
    const buffer = bytesOf('abc');
    decoder.push(buffer);
    buffer.fill(0x7a);
    expect(decoder.push(bytesOf('\n'))).toEqual(['abc']);
  });

  it('throws a RangeError once a line outgrows maxLineLength, in one read or across many', () => {
    expect(() => decodeAll([bytesOf('x'.repeat(11))], 10)).toThrow(RangeError);
    expect(() => decodeAll([bytesOf('x'.repeat(11)), bytesOf('\n')], 10)).toThrow(/exceeded 10 characters/);
    expect(() => decodeAll(oneByteChunks(bytesOf(`${'x'.repeat(11)}\n`)), 10)).toThrow(RangeError);
    expect(decodeAll([bytesOf(`${'x'.repeat(10)}\n`)], 10)).toEqual(['x'.repeat(10)]);
  });

  it('joins a long line from many small reads without re-scanning (1 MiB in 16-byte reads)', () => {
    const line = 'y'.repeat(1024 * 1024);
    const bytes = bytesOf(`${line}\nnext\n`);
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < bytes.length; offset += 16)
      chunks.push(bytes.subarray(offset, offset + 16));
    expect(decodeAll(chunks)).toEqual([line, 'next']);
  });

  it('gives the same lines for any split of the same bytes', () => {
    const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
    const piece = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), lineEnd);
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }).chain((pieces) => {
          const text = pieces.join('');
          return fc.tuple(fc.constant(text), cutOffsets(bytesOf(text).length));
        }),
        ([text, offsets]) => {
          // The oracle splits the whole string at once with a regular expression: no reads, no state.
          const expected = text.length === 0 ? [] : text.split(/\r\n|\r|\n/);
          if (expected.at(-1) === '') expected.pop();
          const bytes = bytesOf(text);
          expect(decodeAll(splitAt(bytes, offsets))).toEqual(expected);
          expect(decodeAll(oneByteChunks(bytes))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
