import { describe, expect, it } from 'vitest';
import { createIncrementalTextDecoder } from './incremental-text-decoder.js';

// A byte-level tokenizer: each token is one UTF-8 byte (as byte-fallback tokens are), decoded leniently.
const decoder = new TextDecoder('utf-8');
const decodeBytes = (tokens: readonly bigint[]) => decoder.decode(Uint8Array.from(tokens, Number));
const bytesOf = (text: string) => [...new TextEncoder().encode(text)].map(BigInt);

// A SentencePiece-like tokenizer: words with a leading-space marker that a decode drops at the very start.
const vocabulary = ['▁Tom', '▁had', '▁a', '▁red', '▁car', '.'];
const decodeWords = (tokens: readonly bigint[]) =>
  tokens
    .map((token) => vocabulary[Number(token)] ?? '')
    .join('')
    .replaceAll('▁', ' ')
    .replace(/^ /, '');

describe('createIncrementalTextDecoder', () => {
  it('never splits a multi-byte character, and joins to the full decode', () => {
    const text = 'héllo ✓ 日本 🙂!';
    const incremental = createIncrementalTextDecoder(decodeBytes, []);
    const pieces = bytesOf(text).map((token) => incremental.push(token));
    pieces.push(incremental.flush());
    expect(pieces.join('')).toBe(text);
    expect(pieces.some((piece) => piece.includes('\uFFFD'))).toBe(false);
    // The 4-byte emoji arrives as one piece, after three empty ones.
    expect(pieces).toContain('🙂');
  });

  it("keeps the space of a word that follows the prompt (the decoder's context)", () => {
    const incremental = createIncrementalTextDecoder(decodeWords, [0n, 1n, 2n]);
    const pieces = [3n, 4n, 5n].map((token) => incremental.push(token));
    expect(pieces).toEqual([' red', ' car', '.']);
  });

  it('flushes an unfinished character at the end as the replacement character', () => {
    const incremental = createIncrementalTextDecoder(decodeBytes, []);
    const [first] = bytesOf('é');
    expect(incremental.push(first as bigint)).toBe('');
    expect(incremental.flush()).toBe('\uFFFD');
  });
});
