import { Lexer } from 'marked';

/** How `splitDocument` measures and bounds its parts. */
export interface SplitDocumentOptions {
  /** The most tokens one part may have. */
  maxTokens: number;
  /** Counts the tokens of a text; the LLM's `countTokens`, so the provider's tokenizer where it has one. */
  countTokens: (text: string) => number | Promise<number>;
}

/** A stretch of the document, the text placed before it when it joins the previous one, and its finer pieces. */
interface Piece {
  text: string;
  separator: string;
  /**
   * Two or more finer pieces that join back into `text`, the first placed after `separator`; one piece
   * when it cannot be split further.
   */
  split: (separator: string) => Piece[];
}

const blockSeparator = '\n\n';
let sentenceSegmenter: Intl.Segmenter | undefined;

// A heading stays with the block after it, so no part ends on a heading whose text is in the next part.
function documentBlocks(text: string): string[][] {
  const sections: string[][] = [];
  let section: string[] = [];
  let pendingHeading: string | undefined;
  for (const token of Lexer.lex(text)) {
    const raw = token.raw.trim();
    if (raw === '') continue;
    if (token.type === 'heading') {
      if (pendingHeading !== undefined) section.push(pendingHeading);
      if (section.length > 0) sections.push(section);
      section = [];
      pendingHeading = raw;
      continue;
    }
    section.push(pendingHeading === undefined ? raw : `${pendingHeading}${blockSeparator}${raw}`);
    pendingHeading = undefined;
  }
  if (pendingHeading !== undefined) section.push(pendingHeading);
  if (section.length > 0) sections.push(section);
  return sections;
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
  if (characters.length < 2)
    return [{ text, separator, split: (own) => [{ text, separator: own, split: () => [] }] }];
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

function sentencePieces(text: string, separator: string): Piece[] {
  sentenceSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'sentence' });
  const sentences = Array.from(sentenceSegmenter.segment(text), (segment) => segment.segment);
  if (sentences.length < 2) return wordPieces(text, separator);
  return withSeparator(
    sentences.map((sentence) => ({
      text: sentence,
      separator: '',
      split: (own) => wordPieces(sentence, own),
    })),
    separator,
  );
}

function blockPieces(blocks: readonly string[], separator: string): Piece[] {
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
 * the document is in exactly one part, in order. Throws a RangeError for a `maxTokens` below 1.
 */
export async function splitDocument(text: string, options: SplitDocumentOptions): Promise<string[]> {
  const { maxTokens, countTokens } = options;
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
  // Resolves to true when the piece was too big and went in as finer pieces.
  const add = async (piece: Piece): Promise<boolean> => {
    const tokens = await countTokens(piece.text);
    if (tokens > maxTokens) {
      const finer = piece.split(piece.separator);
      if (finer.length > 1) {
        for (const child of finer) await add(child);
        return true;
      }
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

  for (const blocks of documentBlocks(whole)) {
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
