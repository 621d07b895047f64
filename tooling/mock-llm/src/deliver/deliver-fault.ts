import type { RenderedBody, StreamFrames } from '../render/rendered-response.js';
import type { FaultReply, TextReply } from '../reply.js';
import type { Delivery } from './delivery.js';
import { generationRendererFor, renderNormalResponse, responseHeaders } from './delivery.js';
import { resetConnection } from './exchange.js';
import type { ResponseEnding } from './write-response.js';
import { writeResponse } from './write-response.js';

const defaultSplitText = 'Grüße, café: 中文字符 and emoji 😀🚀 end';

// Splitting a JSON body in two (on a UTF-16 boundary) lets faults treat a whole body as a one-chunk stream.
function halves(body: string): string[] {
  let middle = Math.floor(body.length / 2);
  const code = body.charCodeAt(middle);
  if (code >= 0xdc00 && code <= 0xdfff) middle--;
  return [body.slice(0, middle), body.slice(middle)];
}

function asFrames(rendered: RenderedBody): StreamFrames {
  if (rendered.stream) return rendered;
  return {
    stream: true,
    contentType: rendered.contentType,
    frames: halves(rendered.body),
    contentIndexes: [0],
    finishIndex: 1,
  };
}

/** How many leading frames hold the preamble and the first `chunks` content frames (never the finish signal). */
function framesThrough(frames: StreamFrames, chunks: number): number {
  const { contentIndexes, finishIndex } = frames;
  if (contentIndexes.length === 0) return finishIndex;
  if (chunks <= 0) return contentIndexes[0] as number;
  return (contentIndexes[Math.min(chunks, contentIndexes.length) - 1] as number) + 1;
}

function write(
  delivery: Delivery,
  status: number,
  contentType: string,
  extraHeaders: Record<string, string> | undefined,
  pieces: ReadonlyArray<string | Buffer>,
  ending: ResponseEnding,
  separateWrites = false,
  betweenChunksMs = delivery.betweenChunksMs,
): void {
  writeResponse(delivery.exchange, {
    status,
    headers: responseHeaders(contentType, delivery, extraHeaders),
    pieces,
    ending,
    separateWrites,
    beforeHeadersMs: delivery.beforeHeadersMs,
    betweenChunksMs,
  });
}

function defaultReplyOf(delivery: Delivery): TextReply {
  return delivery.state.defaultReply;
}

// The first bytes of every multi-byte UTF-8 character end a piece, so each character straddles two writes.
function splitInsideCharacters(bytes: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (let index = 1; index < bytes.length; index++) {
    const previous = bytes[index - 1] as number;
    const current = bytes[index] as number;
    if (previous >= 0xc0 && (current & 0xc0) === 0x80) {
      pieces.push(bytes.subarray(start, index));
      start = index;
    }
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

/** Serves a fault reply: a broken connection or broken wire data, in the request's own wire. */
export function deliverFault(delivery: Delivery, reply: FaultReply): void {
  const { exchange } = delivery;
  switch (reply.kind) {
    case 'reset-before-headers': {
      if (delivery.beforeHeadersMs > 0) {
        exchange.timer = setTimeout(() => resetConnection(exchange), delivery.beforeHeadersMs);
      } else {
        resetConnection(exchange);
      }
      return;
    }
    case 'reset-mid-stream':
    case 'hang': {
      if (reply.kind === 'hang' && reply.afterChunks === undefined) return;
      const normal = renderNormalResponse(delivery, defaultReplyOf(delivery));
      const frames = asFrames(normal.rendered);
      const count = framesThrough(frames, reply.afterChunks ?? 2);
      const ending = reply.kind === 'hang' ? 'hang' : 'close-connection';
      write(
        delivery,
        normal.status,
        frames.contentType,
        normal.extraHeaders,
        frames.frames.slice(0, count),
        ending,
      );
      return;
    }
    case 'truncated': {
      const normal = renderNormalResponse(delivery, defaultReplyOf(delivery));
      const frames = asFrames(normal.rendered);
      const pieces = frames.frames.slice(0, frames.finishIndex);
      write(delivery, normal.status, frames.contentType, normal.extraHeaders, pieces, 'end');
      return;
    }
    case 'malformed-json': {
      const stream = reply.stream ?? delivery.facts.stream;
      const renderer = generationRendererFor(delivery.endpoint.kind);
      const normal = renderNormalResponse(delivery, defaultReplyOf(delivery), stream);
      const { rendered } = normal;
      if (!rendered.stream || renderer === undefined) {
        const body = rendered.stream ? rendered.frames.join('') : rendered.body;
        // A trailing comma before the closing brace: almost JSON, which is what breaks naive clients.
        const broken = `${body.trimEnd().slice(0, -1)},}`;
        write(delivery, normal.status, 'application/json', normal.extraHeaders, [broken], 'end');
        return;
      }
      const at = framesThrough(rendered, 1);
      const pieces = [...rendered.frames.slice(0, at), renderer.renderMalformedFrame(delivery.context)];
      pieces.push(...rendered.frames.slice(at));
      write(delivery, normal.status, rendered.contentType, normal.extraHeaders, pieces, 'end');
      return;
    }
    case 'split-utf8': {
      const text: TextReply = {
        ...defaultReplyOf(delivery),
        kind: 'text',
        text: reply.text ?? defaultSplitText,
        chunks: undefined,
      };
      const normal = renderNormalResponse(delivery, text);
      const { rendered } = normal;
      const bytes = Buffer.from(rendered.stream ? rendered.frames.join('') : rendered.body);
      // Pieces written in one tick coalesce into one TCP segment; a pause makes each arrive as its own read.
      const pause = delivery.betweenChunksMs > 0 ? delivery.betweenChunksMs : 10;
      const pieces = splitInsideCharacters(bytes);
      write(delivery, normal.status, rendered.contentType, normal.extraHeaders, pieces, 'end', true, pause);
      return;
    }
    case 'error-event': {
      const message = reply.message ?? 'mock-llm: injected error';
      const renderer = generationRendererFor(delivery.endpoint.kind);
      const normal = renderNormalResponse(delivery, defaultReplyOf(delivery));
      const { rendered } = normal;
      if (renderer === undefined || !rendered.stream) {
        // Without a stream there is no "mid-way": the error object is the whole 200 body, as OpenRouter does.
        const body =
          renderer?.renderErrorJson(message, reply.code) ??
          JSON.stringify({ error: { message, code: reply.code } });
        write(delivery, 200, 'application/json', normal.extraHeaders, [body], 'end');
        return;
      }
      const count = framesThrough(rendered, reply.afterChunks ?? 1);
      const pieces = [...rendered.frames.slice(0, count), renderer.renderErrorFrame(message, reply.code)];
      write(delivery, normal.status, rendered.contentType, normal.extraHeaders, pieces, 'end');
      return;
    }
  }
}
