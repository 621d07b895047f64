function isSpace(code: number): boolean {
  // Space, tab, LF, CR, FF, VT: enough for prompts; a character-class regex per request costs more.
  return code === 32 || (code >= 9 && code <= 13);
}

/** Splits text into word pieces that keep their leading whitespace, so the pieces join back to the text. */
export function splitWords(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let previousWasSpace = true;
  for (let index = 0; index < text.length; index++) {
    const space = isSpace(text.charCodeAt(index));
    if (space && !previousWasSpace && index > 0) {
      pieces.push(text.slice(start, index));
      start = index;
    }
    previousWasSpace = space;
  }
  if (start < text.length) {
    // Trailing whitespace joins the last piece rather than standing alone.
    if (pieces.length > 0 && text.slice(start).trim() === '') pieces[pieces.length - 1] += text.slice(start);
    else pieces.push(text.slice(start));
  }
  return pieces;
}

/** The number of whitespace-separated words: the mock's stand-in for a token count. */
export function countWords(text: string): number {
  let count = 0;
  let previousWasSpace = true;
  for (let index = 0; index < text.length; index++) {
    const space = isSpace(text.charCodeAt(index));
    if (!space && previousWasSpace) count++;
    previousWasSpace = space;
  }
  return count;
}
