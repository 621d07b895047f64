import { renderStatusError } from '../render/render-status-error.js';
import type { RawReply, Reply, StatusReply, TextReply } from '../reply.js';
import { renderWireOf } from '../request/classify-endpoint.js';
import { deliverFault } from './deliver-fault.js';
import { deliverFixture } from './deliver-fixture.js';
import type { Delivery } from './delivery.js';
import { renderNormalResponse, responseHeaders } from './delivery.js';
import { writeResponse } from './write-response.js';

/** Sends a complete response body in one write (with a content-length), after any header latency. */
export function sendWhole(
  delivery: Delivery,
  status: number,
  contentType: string,
  body: string,
  extraHeaders: Record<string, string> | undefined,
): void {
  const headers = responseHeaders(contentType, delivery, extraHeaders);
  headers['content-length'] = Buffer.byteLength(body);
  writeResponse(delivery.exchange, {
    status,
    headers,
    pieces: [body],
    ending: 'end',
    separateWrites: false,
    beforeHeadersMs: delivery.beforeHeadersMs,
    betweenChunksMs: 0,
  });
}

function deliverText(delivery: Delivery, reply: TextReply): void {
  if (delivery.endpoint.generation && !delivery.facts.validJson) {
    // A real server rejects a body it cannot parse; answering it would hide a client bug.
    const { body, headers } = renderStatusError(
      renderWireOf(delivery.endpoint.wire),
      400,
      delivery.context.requestId,
    );
    sendWhole(delivery, 400, 'application/json', body, headers);
    return;
  }
  const { status, rendered, extraHeaders } = renderNormalResponse(delivery, reply);
  if (!rendered.stream) {
    sendWhole(delivery, status, rendered.contentType, rendered.body, extraHeaders);
    return;
  }
  writeResponse(delivery.exchange, {
    status,
    headers: responseHeaders(rendered.contentType, delivery, extraHeaders),
    pieces: rendered.frames,
    ending: 'end',
    separateWrites: false,
    beforeHeadersMs: delivery.beforeHeadersMs,
    betweenChunksMs: delivery.betweenChunksMs,
  });
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

function deliverStatus(delivery: Delivery, reply: StatusReply): void {
  const wireError = renderStatusError(
    renderWireOf(delivery.endpoint.wire),
    reply.status,
    delivery.context.requestId,
  );
  let body = wireError.body;
  if (typeof reply.body === 'string') body = reply.body;
  else if (reply.body !== undefined) body = JSON.stringify(reply.body);
  const contentType = looksLikeJson(body) ? 'application/json' : 'text/plain; charset=utf-8';
  const extra: Record<string, string> = { ...wireError.headers };
  if (reply.retryAfter !== undefined) extra['retry-after'] = reply.retryAfter;
  if (reply.retryAfterMs !== undefined) extra['retry-after-ms'] = String(reply.retryAfterMs);
  sendWhole(delivery, reply.status, contentType, body, { ...extra, ...reply.headers });
}

function toBytes(piece: string | number[]): string | Buffer {
  return typeof piece === 'string' ? piece : Buffer.from(piece);
}

function deliverRaw(delivery: Delivery, reply: RawReply): void {
  const pieces = reply.pieces !== undefined ? reply.pieces.map(toBytes) : [toBytes(reply.body ?? '')];
  writeResponse(delivery.exchange, {
    status: reply.status ?? 200,
    headers: { ...reply.headers },
    pieces,
    ending: 'end',
    separateWrites: true,
    beforeHeadersMs: delivery.beforeHeadersMs,
    betweenChunksMs: delivery.betweenChunksMs,
  });
}

/** Answers a request with its reply (a queued one, or the default text reply when `reply` is undefined). */
export function deliverReply(delivery: Delivery, reply: Reply | undefined): void {
  if (reply === undefined) {
    deliverText(delivery, delivery.state.defaultReply);
    return;
  }
  switch (reply.kind) {
    case 'text':
      deliverText(delivery, reply);
      return;
    case 'status':
      deliverStatus(delivery, reply);
      return;
    case 'raw':
      deliverRaw(delivery, reply);
      return;
    case 'fixture':
      deliverFixture(delivery, reply);
      return;
    default:
      deliverFault(delivery, reply);
  }
}
