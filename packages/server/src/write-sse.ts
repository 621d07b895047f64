import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { ErrorBody } from './schemas/error.js';

/** A server-sent events response this code writes itself (Fastify hands the socket over). */
export interface SseWriter {
  /**
   * Writes one event whose `data` is `data` (one line: JSON text never holds a raw newline). Returns a promise
   * only when the socket's buffer is full, resolving once it drains or the client leaves: the client's pace
   * is the backpressure, and a fast client costs no `await` per event.
   */
  send(data: string): Promise<void> | undefined;
  /** `send` with an `event:` line naming the event first (Anthropic's clients dispatch on it). */
  sendNamed(event: string, data: string): Promise<void> | undefined;
  /** Writes OpenAI's in-band error event, `data: {"error":{...}}`. */
  sendError(body: ErrorBody): void;
  /** Writes `data: [DONE]`, the end marker OpenAI's clients wait for. */
  sendDone(): void;
  /** Ends the response; the connection stays open for the next request (keep-alive). */
  end(): void;
  /** Whether the client is still there. */
  readonly open: boolean;
}

function waitForDrain(raw: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      raw.off('drain', done);
      raw.off('close', done);
      resolve();
    };
    raw.on('drain', done);
    raw.on('close', done);
  });
}

/**
 * Takes the response over from Fastify (`reply.hijack()`) and starts an SSE stream, keeping the headers
 * hooks already set on the reply (CORS). Errors after this point are written in-band, not by the error handler.
 */
export function startSse(reply: FastifyReply): SseWriter {
  reply.hijack();
  const raw = reply.raw;
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) headers[name] = value;
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache, no-transform';
  // Proxies such as nginx buffer responses unless told otherwise, which would stall every event.
  headers['x-accel-buffering'] = 'no';
  raw.writeHead(200, headers);
  raw.flushHeaders();

  const write = (text: string): Promise<void> | undefined => {
    if (raw.destroyed || raw.writableEnded) return undefined;
    return raw.write(text) ? undefined : waitForDrain(raw);
  };
  return {
    send: (data) => write(`data: ${data}\n\n`),
    sendNamed: (event, data) => write(`event: ${event}\ndata: ${data}\n\n`),
    sendError: (body) => {
      write(`data: ${JSON.stringify(body)}\n\n`);
    },
    sendDone: () => {
      write('data: [DONE]\n\n');
    },
    end: () => {
      if (!raw.destroyed && !raw.writableEnded) raw.end();
    },
    get open() {
      return !raw.destroyed && !raw.writableEnded;
    },
  };
}

/** The route's compiled serializer for its `text/event-stream` events (the 200 response schema declares them). */
export function eventSerializer<Event>(reply: FastifyReply): (event: Event) => string {
  const serialize = reply.getSerializationFunction('200', 'text/event-stream');
  if (serialize === undefined) throw new Error('The route declares no text/event-stream response schema');
  return serialize as unknown as (event: Event) => string;
}
