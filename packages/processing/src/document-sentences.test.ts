import { describe, expect, it } from 'vitest';
import { sentencesOf } from './document-sentences.js';

// The algorithm before windows: one pass of the segmenter over the whole text.
function wholeTextSentences(text: string): string[] {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
  return Array.from(segmenter.segment(text), (segment) => segment.segment);
}

describe('sentencesOf', () => {
  it('finds the sentences one pass over the whole text finds, on a paragraph of many windows', () => {
    const paragraph = Array.from(
      { length: 400 },
      (_, index) =>
        `Sentence ${index} counts ${index * 3} owls, e.g. in tower "${index % 7}". Mr. Smith agreed! Did he?`,
    ).join(' ');
    expect(paragraph.length).toBeGreaterThan(20_000);
    expect(Array.from(sentencesOf(paragraph))).toEqual(wholeTextSentences(paragraph));
    expect(Array.from(sentencesOf('One. Two.'))).toEqual(['One. ', 'Two.']);
    expect(Array.from(sentencesOf(''))).toEqual([]);
  });

  it('cuts a sentence longer than a window between words, and a stretch without whitespace not at all', () => {
    const longSentence = Array.from({ length: 3_000 }, (_, index) => `word${index}`).join(' ');
    const pieces = Array.from(sentencesOf(longSentence));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(longSentence);
    for (const piece of pieces) expect(piece).toMatch(/^word\d+( word\d+)* ?$/);

    const blob = `Before. ${'x'.repeat(20_000)} after.`;
    expect(Array.from(sentencesOf(blob))).toEqual(['Before. ', `${'x'.repeat(20_000)} after.`]);
  });

  it('segments a long giant paragraph in linear time', { timeout: 60_000 }, () => {
    const paragraph = 'The owls nested in the north tower again this spring. '.repeat(40_000);
    let count = 0;
    let length = 0;
    for (const sentence of sentencesOf(paragraph)) {
      count += 1;
      length += sentence.length;
    }
    expect(count).toBe(40_000);
    expect(length).toBe(paragraph.length);
  });
});
