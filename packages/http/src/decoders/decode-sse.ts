import type { LineDecoderOptions } from './create-line-decoder.js';
import { createSseDecoder } from './create-sse-decoder.js';
import type { SseEvent } from './sse-event.js';

/**
 * Decodes a body of `text/event-stream` bytes into events, in one pass. Pulling is the backpressure, and
 * leaving the loop early returns the body's iterator (for undici, that destroys the body and its socket).
 * Throws a `RangeError` when a line exceeds `maxLineLength`, and whatever reading the body throws.
 */
export async function* decodeSse(
  body: AsyncIterable<Uint8Array>,
  options: LineDecoderOptions = {},
): AsyncGenerator<SseEvent> {
  const decoder = createSseDecoder(options);
  for await (const chunk of body) {
    for (const event of decoder.push(chunk)) yield event;
  }
  for (const event of decoder.flush()) yield event;
}
