/**
 * Decodes UTF-8 bytes (a byte order mark dropped) into text with `\n` line ends. With `strict`, bytes
 * that are not UTF-8 throw a TypeError instead of becoming U+FFFD, so a binary file given as text is an
 * error rather than noise sent to a model.
 */
export function decodeUtf8Text(bytes: Uint8Array, strict: boolean): string {
  const text = new TextDecoder('utf-8', { fatal: strict }).decode(bytes);
  return text.replace(/\r\n?/g, '\n');
}
