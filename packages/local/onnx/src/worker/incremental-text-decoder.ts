/** Decodes token ids to text (the tokenizer's `decode`, special tokens skipped). */
export type DecodeTokens = (tokens: readonly bigint[]) => string;

/** Turns tokens, one at a time, into the text they add. */
export interface IncrementalTextDecoder {
  /** The text this token completes; `''` while it ends inside a multi-byte character. */
  push(token: bigint): string;
  /** What is left at the end (an unfinished character decodes as U+FFFD, as a full decode would). */
  flush(): string;
}

// How many prompt tokens give the first generated token its context: a SentencePiece tokenizer drops the
// leading space of the first token of a decode, so a new token is decoded after tokens that came before.
const contextTokens = 4;

/**
 * An incremental decoder in the manner of text-generation-inference's `decode_token`: it decodes a short
 * window (`prefixOffset`..end) and emits the part beyond what the window decoded to without the new tokens.
 * Text is emitted only when it does not end in U+FFFD, so a character split over byte-fallback tokens is
 * never cut in two, and the window stays a few tokens long (no re-decoding from the start).
 */
export function createIncrementalTextDecoder(
  decode: DecodeTokens,
  promptTokens: readonly bigint[],
): IncrementalTextDecoder {
  const tokens = promptTokens.slice(-contextTokens);
  let prefixOffset = 0;
  let readOffset = tokens.length;

  function emitFrom(allowReplacement: boolean): string {
    const prefixText = decode(tokens.slice(prefixOffset, readOffset));
    const newText = decode(tokens.slice(prefixOffset));
    if (newText.length <= prefixText.length) return '';
    if (!allowReplacement && newText.endsWith('\uFFFD')) return '';
    const piece = newText.slice(prefixText.length);
    // Drop what is behind the window so the array stays short on long generations.
    tokens.splice(0, readOffset);
    prefixOffset = 0;
    readOffset = tokens.length;
    return piece;
  }

  return {
    push(token) {
      tokens.push(token);
      return emitFrom(false);
    },
    flush() {
      return readOffset < tokens.length ? emitFrom(true) : '';
    },
  };
}
