let sentenceSegmenter: Intl.Segmenter | undefined;

// Intl.Segmenter's cost per segment grows with the length of the string (see count-words.ts), so a long
// block is segmented in windows of this many characters; a paragraph shorter than that, nearly every
// one, is segmented whole, as before.
const windowLength = 4096;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

// Where a piece may end inside one sentence: after the last whitespace before `end` that a word
// follows, so the piece keeps its trailing whitespace and no word is cut.
function lastWordStart(text: string, start: number, end: number): number | undefined {
  for (let index = end - 1; index > start; index--) {
    if (isWhitespace(text.charCodeAt(index - 1)) && !isWhitespace(text.charCodeAt(index))) return index;
  }
  return undefined;
}

/**
 * The sentences of `text`, in order, each with the whitespace after it, joining back into `text`. A
 * window ends before its last sentence, which the next window starts with, so a sentence is not cut
 * where a window happens to end; one sentence longer than a window is cut between two words, and a
 * stretch without whitespace is never cut.
 */
export function* sentencesOf(text: string): Generator<string> {
  sentenceSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'sentence' });
  let start = 0;
  let length = windowLength;
  while (start < text.length) {
    const end = Math.min(text.length, start + length);
    const window = text.slice(start, end);
    let lastIndex = 0;
    let segments = 0;
    for (const { segment, index } of sentenceSegmenter.segment(window)) {
      if (end === text.length) yield segment;
      else if (segments > 0) yield window.slice(lastIndex, index);
      lastIndex = index;
      segments += 1;
    }
    if (end === text.length) return;
    if (segments >= 2) {
      start += lastIndex;
      length = windowLength;
      continue;
    }
    const cut = lastWordStart(text, start, end);
    if (cut !== undefined) {
      yield text.slice(start, cut);
      start = cut;
      length = windowLength;
      continue;
    }
    // No whitespace in the whole window: widen it until a sentence or a word ends inside.
    length *= 2;
  }
}
