import { Lexer } from 'marked';
import type { EventLoopYielder } from './event-loop-yielder.js';

/** What joins two blocks of a section back together. */
export const blockSeparator = '\n\n';

// A long document is lexed in slices of at least this many characters (about 10 ms of marked's lexer),
// with a turn for the event loop between them, instead of in one stretch of seconds.
const sliceLength = 65_536;
// A slice goes no further than this: marked's setext-heading regex recurses once per character of a
// paragraph and overflows the stack on one of a few million characters (8 MB of Chinese on one line),
// and a longer slice would hold the event loop longer.
const longestSliceLength = 262_144;

const fenceOpening = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const wordCharacter = /^[\p{L}\p{N}]$/u;

// A line after a blank line that starts, at its first column, something other than a list item, a
// quote or indented code begins a new top-level block whatever came before, so lexing can restart
// there with the same tokens (outside a code fence, which may hold blank lines; an HTML block such as
// <pre> with blank lines inside is the one case not tracked, and costs only a less tidy split there).
function startsTopLevelBlock(text: string, index: number): boolean {
  const character = text[index];
  if (character === undefined || character.charCodeAt(0) <= 0x20) return false;
  return !('-*+>'.includes(character) || (character >= '0' && character <= '9'));
}

// How far back from a slice's limit a sentence end is looked for in a paragraph too long for a slice.
const sentenceEndReach = 16_384;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

// Where a paragraph longer than a slice is cut: after a sentence (., ! or ? and a space, or 。！？) and
// before a letter or digit, so the new slice starts neither a list nor a heading; else before any word;
// else (no whitespace at all) at `limit`, not between the halves of a surrogate pair.
function cutInsideLine(text: string, lineStart: number, limit: number): number {
  const reach = Math.max(lineStart, limit - sentenceEndReach);
  for (let index = limit; index > reach + 1; index--) {
    if (!wordCharacter.test(text[index] ?? '')) continue;
    const before = text.charCodeAt(index - 1);
    if (isSpace(before) && '.!?'.includes(text[index - 2] ?? '')) return index;
    if ('。！？'.includes(text[index - 1] ?? '')) return index;
  }
  for (let index = limit; index > lineStart; index--) {
    if (isSpace(text.charCodeAt(index - 1)) && wordCharacter.test(text[index] ?? '')) return index;
  }
  return (text.charCodeAt(limit) & 0xfc00) === 0xdc00 ? limit - 1 : limit;
}

/**
 * Where the slice that starts at `start` ends: at a restart point at least `sliceLength` on; past
 * `longestSliceLength`, at any line outside a code fence, or inside a line too long; else the end.
 */
function sliceEnd(text: string, start: number): number {
  if (text.length - start <= sliceLength) return text.length;
  const longest = start + longestSliceLength;
  let fence: { marker: string; length: number } | undefined;
  let previousBlank = false;
  for (let lineStart = start; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (fence === undefined && lineStart > start) {
      if (lineStart >= longest) return lineStart;
      if (previousBlank && lineStart - start >= sliceLength && startsTopLevelBlock(text, lineStart)) {
        return lineStart;
      }
    }
    if (fence === undefined && lineEnd > longest) {
      return lineStart - start >= sliceLength ? lineStart : cutInsideLine(text, lineStart, longest);
    }
    const line = text.slice(lineStart, lineEnd);
    const opening = fenceOpening.exec(line);
    if (fence === undefined) {
      // A backtick fence's info string has no backticks; "```a```" is inline code, not a fence.
      const [, marker = '', info = ''] = opening ?? [];
      if (opening !== null && !(marker[0] === '`' && info.includes('`'))) {
        fence = { marker: marker[0] as string, length: marker.length };
      }
    } else if (
      opening !== null &&
      opening[1]?.[0] === fence.marker &&
      (opening[1]?.length ?? 0) >= fence.length &&
      opening[2]?.trim() === ''
    ) {
      fence = undefined;
    }
    previousBlank = line.trim() === '';
    lineStart = lineEnd + 1;
  }
  return text.length;
}

/**
 * The sections of a Markdown (or plain) text: each a heading and the blocks after it (paragraphs,
 * lists, code, tables), as written. A heading stays with the block after it, so no part ends on a
 * heading whose text is in the next part. Long text is lexed in slices, pausing when `yielder` is due;
 * rejects with the signal's reason once it is aborted.
 */
export async function* documentSections(
  text: string,
  yielder: EventLoopYielder,
  signal: AbortSignal | undefined,
): AsyncGenerator<string[]> {
  let section: string[] = [];
  let pendingHeading: string | undefined;
  for (let start = 0; start < text.length; ) {
    const end = sliceEnd(text, start);
    for (const token of Lexer.lex(text.slice(start, end))) {
      const raw = token.raw.trim();
      if (raw === '') continue;
      if (token.type === 'heading') {
        if (pendingHeading !== undefined) section.push(pendingHeading);
        if (section.length > 0) yield section;
        section = [];
        pendingHeading = raw;
        continue;
      }
      section.push(pendingHeading === undefined ? raw : `${pendingHeading}${blockSeparator}${raw}`);
      pendingHeading = undefined;
    }
    start = end;
    if (yielder.due()) {
      await yielder.pause();
      signal?.throwIfAborted();
    }
  }
  if (pendingHeading !== undefined) section.push(pendingHeading);
  if (section.length > 0) yield section;
}
