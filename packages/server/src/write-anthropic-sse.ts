import type { FastifyReply } from 'fastify';
import type { AnthropicStreamEvent } from './schemas/anthropic-messages-response.js';
import { startSse } from './write-sse.js';

/** A server-sent events response in Anthropic's form: every event has an `event:` line naming its `type`. */
export interface AnthropicSseWriter {
  /**
   * Writes `event: <type>` and the event as one `data:` line. Returns a promise only when the socket's buffer
   * is full, resolving once it drains or the client leaves (the client's pace is the backpressure).
   */
  send(event: AnthropicStreamEvent): Promise<void> | undefined;
  /** Ends the response; the connection stays open for the next request (keep-alive). */
  end(): void;
}

/**
 * Takes the response over from Fastify and starts an SSE stream (headers as `startSse` sets them). Anthropic's
 * SDKs dispatch on the `event:` line, not on `data.type`, and skip events without one, so both are written.
 */
export function startAnthropicSse(reply: FastifyReply): AnthropicSseWriter {
  const sse = startSse(reply);
  return {
    send: (event) => sse.sendNamed(event.type, JSON.stringify(event)),
    end: () => sse.end(),
  };
}
