let segmenter: Intl.Segmenter | undefined;

/**
 * The number of words in `text`, by Unicode word segmentation (so punctuation is not a word and text
 * without spaces, such as Chinese or Japanese, is still counted).
 */
export function countWords(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  let count = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike === true) count += 1;
  return count;
}
