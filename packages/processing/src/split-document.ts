import { blockSeparator, documentSections } from './document-sections.js';
import { sentencesOf } from './document-sentences.js';
import { createEventLoopYielder } from './event-loop-yielder.js';

/** How `splitDocument` measures and bounds its parts. */
export interface SplitDocumentOptions {
  /** The most tokens one part may have. */
  maxTokens: number;
  /** Counts the tokens of a text; the LLM's `countTokens`, so the provider's tokenizer where it has one. */
  countTokens: (text: string) => number | Promise<number>;
  /** Stops the split: it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A stretch of the document, the text placed before it when it joins the previous one, and its finer pieces. */
interface Piece {
  text: string;
  separator: string;
  /**
   * Two or more finer pieces that join back into `text`, the first placed after `separator`; none when
   * it cannot be split further. Lazy where the text may be long, so a giant paragraph is segmented
   * while the split goes on, not in one stretch.
   */
  split: (separator: string) => Iterable<Piece>;
}

// Below the block level every piece keeps its own trailing whitespace, so pieces join back with ''
// and line breaks inside a block survive.
function withSeparator(pieces: Piece[], separator: string): Piece[] {
  const first = pieces[0];
  if (first !== undefined) first.separator = separator;
  return pieces;
}

function characterPieces(text: string, separator: string): Piece[] {
  const characters = Array.from(text);
  if (characters.length < 2) return [];
  const middle = Math.floor(characters.length / 2);
  return [characters.slice(0, middle).join(''), characters.slice(middle).join('')].map((half, index) => ({
    text: half,
    separator: index === 0 ? separator : '',
    split: (own: string) => characterPieces(half, own),
  }));
}

function wordPieces(text: string, separator: string): Piece[] {
  // Each word keeps the whitespace after it, so a split only ever falls between words.
  const words = text.split(/(?<=\s)(?=\S)/u);
  // Only a "word" longer than a whole part (a data URI, a hash dump) is ever cut inside.
  if (words.length < 2) return characterPieces(text, separator);
  return withSeparator(
    words.map((word) => ({ text: word, separator: '', split: (own) => characterPieces(word, own) })),
    separator,
  );
}

function* sentencePieces(text: string, separator: string): Generator<Piece> {
  let first = true;
  for (const sentence of sentencesOf(text)) {
    if (first && sentence.length === text.length) {
      yield* wordPieces(text, separator);
      return;
    }
    yield { text: sentence, separator: first ? separator : '', split: (own) => wordPieces(sentence, own) };
    first = false;
  }
}

function blockPieces(blocks: readonly string[], separator: string): Iterable<Piece> {
  if (blocks.length < 2) return sentencePieces(blocks[0] ?? '', separator);
  return withSeparator(
    blocks.map((block) => ({
      text: block,
      separator: blockSeparator,
      split: (own: string) => sentencePieces(block, own),
    })),
    separator,
  );
}

/**
 * Splits a document into parts of at most `maxTokens` tokens each, on its structure: whole sections
 * (a Markdown heading and what follows it) where they fit, else blocks (paragraphs, lists, code, tables),
 * else sentences, else words; never inside a word unless one word alone exceeds a part. Every word of
 * the document is in exactly one part, in order. Takes time in proportion to the length and gives the
 * event loop a turn every few milliseconds. Throws a RangeError for a `maxTokens` below 1, and rejects
 * with the signal's reason once it is aborted.
 */
export async function splitDocument(text: string, options: SplitDocumentOptions): Promise<string[]> {
  const { maxTokens, countTokens, signal } = options;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new RangeError(`splitDocument: maxTokens must be an integer >= 1, got ${maxTokens}`);
  }
  const whole = text.trim();
  if (whole === '') return [];
  if ((await countTokens(whole)) <= maxTokens) return [whole];

  const parts: string[] = [];
  let current = '';
  let currentTokens = 0;
  const flush = (): void => {
    const part = current.trim();
    if (part !== '') parts.push(part);
    current = '';
    currentTokens = 0;
  };
  // An async countTokens resolves in microtasks, which never let timers or sockets in: the split pauses
  // by the clock instead, so a 10 MB document does not hold the event loop for its whole length.
  const yielder = createEventLoopYielder();
  // Resolves to true when the piece was too big and went in as finer pieces.
  const add = async (piece: Piece): Promise<boolean> => {
    const tokens = await countTokens(piece.text);
    if (yielder.due()) {
      await yielder.pause();
      signal?.throwIfAborted();
    }
    if (tokens > maxTokens) {
      let split = false;
      for (const child of piece.split(piece.separator)) {
        split = true;
        await add(child);
      }
      if (split) return true;
    }
    // Token counts of pieces add up closely, not exactly; the separator is counted as one token and the
    // caller's budget keeps a margin for the rest.
    const joinTokens = piece.separator === '' ? 0 : 1;
    if (current !== '' && currentTokens + joinTokens + tokens <= maxTokens) {
      current += piece.separator + piece.text;
      currentTokens += joinTokens + tokens;
    } else {
      flush();
      current = piece.text;
      currentTokens = tokens;
    }
    return false;
  };

  for await (const blocks of documentSections(whole, yielder, signal)) {
    const split = await add({
      text: blocks.join(blockSeparator),
      separator: blockSeparator,
      split: (own) => blockPieces(blocks, own),
    });
    // Small sections share a part; after one that had to be split, the next section starts a new part,
    // so parts begin at headings wherever they can.
    if (split) flush();
  }
  flush();
  return parts;
}
