/**
 * An embedding as OpenAI's `encoding_format: 'base64'` sends it: the vector as little-endian float32s,
 * base64-encoded (OpenAI's clients decode it with a `Float32Array` over the bytes).
 */
export function encodeEmbeddingBase64(embedding: readonly number[]): string {
  const floats = new Float32Array(embedding);
  // Float32Array is in the platform's byte order; every platform Node supports is little-endian.
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
