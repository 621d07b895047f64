import { createLineDecoder, type LineDecoderOptions } from './create-line-decoder.js';
import type { SseEvent } from './sse-event.js';

/** A push-based SSE parser: bytes in, complete events out; see `createSseDecoder`. */
export interface SseDecoder {
  /** Takes the next read and returns the events it completed. */
  push(chunk: Uint8Array): SseEvent[];
  /** Ends the input and returns an event left without its closing blank line, if any. */
  flush(): SseEvent[];
}

const colon = 0x3a;

/**
 * Parses the `text/event-stream` format (https://html.spec.whatwg.org/multipage/server-sent-events.html) on top
 * of the line decoder. Comments (`: OPENROUTER PROCESSING`) and `retry:` are skipped, since we never reconnect;
 * an event without data is not dispatched. Two choices differ from a browser: `id` is the event's own `id:`
 * field rather than the last one seen, and an event still open when the stream ends is dispatched instead
 * of dropped, so a server that omits the final blank line does not lose its last event (often the usage).
 *
 * Hand-written because it is the hot path of every stream. eventsource-parser's callback `createParser` (no
 * TransformStream) is the alternative to benchmark against this on the 200-chunk stream, per STYLE.md.
 */
export function createSseDecoder(options: LineDecoderOptions = {}): SseDecoder {
  const lines = createLineDecoder(options);
  let eventName: string | undefined;
  let eventId: string | undefined;
  let data: string | undefined;

  function takeEvent(): SseEvent | undefined {
    const event = data === undefined ? undefined : { event: eventName, data, id: eventId };
    eventName = undefined;
    eventId = undefined;
    data = undefined;
    return event;
  }

  function readLines(completed: string[], events: SseEvent[]): void {
    for (const line of completed) {
      if (line.length === 0) {
        const event = takeEvent();
        if (event !== undefined) events.push(event);
        continue;
      }
      if (line.charCodeAt(0) === colon) continue;
      const separator = line.indexOf(':');
      const field = separator === -1 ? line : line.slice(0, separator);
      let valueStart = separator === -1 ? line.length : separator + 1;
      if (line.charCodeAt(valueStart) === 0x20) valueStart += 1;
      const value = line.slice(valueStart);
      switch (field) {
        case 'data':
          // Multi-line data is rare (one line per event is the norm), so joining as lines arrive is cheap.
          data = data === undefined ? value : `${data}\n${value}`;
          break;
        case 'event':
          eventName = value;
          break;
        case 'id':
          // The spec ignores an id holding NUL, since it could not be sent back in Last-Event-ID.
          if (!value.includes('\u0000')) eventId = value;
          break;
        default:
          // `retry:` and unknown fields carry nothing a single request uses.
          break;
      }
    }
  }

  function push(chunk: Uint8Array): SseEvent[] {
    const events: SseEvent[] = [];
    readLines(lines.push(chunk), events);
    return events;
  }

  function flush(): SseEvent[] {
    const events: SseEvent[] = [];
    readLines(lines.flush(), events);
    const event = takeEvent();
    if (event !== undefined) events.push(event);
    return events;
  }

  return { push, flush };
}
