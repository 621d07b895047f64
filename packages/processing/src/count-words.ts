import { createEventLoopYielder } from './event-loop-yielder.js';

let segmenter: Intl.Segmenter | undefined;

// V8's Intl.Segmenter costs time in proportion to the length of the whole string for every segment it
// steps over, so one pass over a long text is quadratic (100 KB took 2.4 s, 400 KB 104 s). Text is
// therefore segmented in pieces of about this many characters: near the cheapest per character, and
// long enough that nearly every piece can end at whitespace.
const pieceLength = 1024;
// A piece without whitespace is widened up to this length to find the end of a long word; past it, the
// word is taken to go on into the next piece. Kept small because a widened piece may end in dense
// segments (a blob followed by Chinese), each of which costs the piece's whole length.
const widestPieceLength = 8192;

/** Where the next piece of a count starts, the words counted so far, and a word cut at the last piece's end. */
interface WordTally {
  position: number;
  words: number;
  /** The last piece was one word-like segment cut without whitespace, so it may go on in the next piece. */
  wordContinues: boolean;
}

/** The words counted in a piece, and where its last two segments start and whether they are word-like. */
interface PieceSegments {
  words: number;
  segments: number;
  previousIndex: number;
  previousWordLike: boolean;
  lastIndex: number;
  lastWordLike: boolean;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

// Unicode word segmentation (UAX #29, and ICU's dictionary segmentation of Chinese, Japanese or Thai,
// which stops at spaces) always breaks before a space, tab or line break that follows another character,
// and no rule looks across one; so pieces that end there count exactly what the whole text counts.
function whitespaceCut(text: string, start: number, limit: number): number | undefined {
  for (let index = limit; index > start; index--) if (isWhitespace(text.charCodeAt(index))) return index;
  return undefined;
}

function segmentPiece(piece: string, skipFirstWord: boolean): PieceSegments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  const found: PieceSegments = {
    words: 0,
    segments: 0,
    previousIndex: 0,
    previousWordLike: false,
    lastIndex: 0,
    lastWordLike: false,
  };
  for (const segment of segmenter.segment(piece)) {
    const wordLike = segment.isWordLike === true;
    // The rest of a word longer than the widest piece, counted in the piece where it began.
    if (wordLike && !(found.segments === 0 && skipFirstWord)) found.words += 1;
    found.previousIndex = found.lastIndex;
    found.previousWordLike = found.lastWordLike;
    found.lastIndex = segment.index;
    found.lastWordLike = wordLike;
    found.segments += 1;
  }
  return found;
}

function countNextPiece(text: string, tally: WordTally): void {
  const start = tally.position;
  const skipFirstWord = tally.wordContinues;
  tally.wordContinues = false;
  for (let length = pieceLength; ; length *= 2) {
    const limit = start + length;
    const cut = limit >= text.length ? text.length : whitespaceCut(text, start, limit);
    if (cut !== undefined) {
      tally.words += segmentPiece(text.slice(start, cut), skipFirstWord).words;
      tally.position = cut;
      return;
    }
    // A stretch without whitespace (Chinese or Japanese prose, a long URL, a blob) is cut at the limit,
    // not between the halves of a surrogate pair. The cut may change its last two segments, so they
    // are counted at the start of the next piece; with fewer, the piece is widened.
    const end = (text.charCodeAt(limit) & 0xfc00) === 0xdc00 ? limit - 1 : limit;
    const found = segmentPiece(text.slice(start, end), skipFirstWord);
    if (found.segments >= 3) {
      tally.words += found.words - Number(found.previousWordLike) - Number(found.lastWordLike);
      tally.position = start + found.previousIndex;
      return;
    }
    if (length >= widestPieceLength) {
      tally.words += found.words - (found.segments === 2 ? Number(found.lastWordLike) : 0);
      tally.position = start + (found.segments === 2 ? found.lastIndex : end - start);
      tally.wordContinues = found.segments === 1 && found.lastWordLike;
      return;
    }
  }
}

/**
 * The number of words in `text`, by Unicode word segmentation (so punctuation is not a word and text
 * without spaces, such as Chinese or Japanese, is still counted). Takes time in proportion to the length.
 */
export function countWords(text: string): number {
  const tally: WordTally = { position: 0, words: 0, wordContinues: false };
  while (tally.position < text.length) countNextPiece(text, tally);
  return tally.words;
}

/**
 * `countWords`, giving the event loop a turn every few milliseconds, so counting a long document does
 * not stall timers and sockets. Rejects with the signal's reason once it is aborted.
 */
export async function countWordsInTurns(text: string, signal?: AbortSignal): Promise<number> {
  const yielder = createEventLoopYielder();
  const tally: WordTally = { position: 0, words: 0, wordContinues: false };
  while (tally.position < text.length) {
    countNextPiece(text, tally);
    if (yielder.due()) {
      await yielder.pause();
      signal?.throwIfAborted();
    }
  }
  return tally.words;
}
