import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStopSequenceCutter, cutAtStop } from './stop-sequences.js';

describe('stop sequences', () => {
  it('cuts text at the earliest stop sequence', () => {
    expect(cutAtStop('one END two STOP', ['STOP', 'END'])).toEqual({ text: 'one ', stopped: true });
    expect(cutAtStop('nothing here', ['END'])).toEqual({ text: 'nothing here', stopped: false });
  });

  it('gives the same text for any split of a stream as for the whole', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom(['END'], ['\n\n', 'xy']),
        (text, cuts, stop) => {
          const expected = cutAtStop(text, stop);
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const pieces: string[] = [];
          let start = 0;
          for (const point of points) {
            pieces.push(text.slice(start, point));
            start = point;
          }
          pieces.push(text.slice(start));
          const cutter = createStopSequenceCutter(stop);
          let output = '';
          let stopped = false;
          for (const piece of pieces) {
            const result = cutter.push(piece);
            output += result.text;
            if (result.stopped) {
              stopped = true;
              break;
            }
          }
          if (!stopped) output += cutter.flush();
          expect(output).toBe(expected.text);
          expect(stopped).toBe(expected.stopped);
        },
      ),
    );
  });
});
