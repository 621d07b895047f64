import type { OutgoingHttpHeaders } from 'node:http';
import type { Exchange } from './exchange.js';
import { endConnection } from './exchange.js';

/** How a written response ends: normally, by closing the connection mid-body, or not at all. */
export type ResponseEnding = 'end' | 'close-connection' | 'hang';

/** Everything needed to write one response. */
export interface ResponsePlan {
  status: number;
  headers: OutgoingHttpHeaders;
  pieces: ReadonlyArray<string | Buffer>;
  ending: ResponseEnding;
  /** Write each piece with its own `write` even without a delay (exact-write replies). */
  separateWrites: boolean;
  beforeHeadersMs: number;
  betweenChunksMs: number;
}

function joinPieces(pieces: ReadonlyArray<string | Buffer>): string | Buffer {
  if (pieces.length === 1) return pieces[0] as string | Buffer;
  if (pieces.every((piece) => typeof piece === 'string')) return pieces.join('');
  return Buffer.concat(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)));
}

function finish(exchange: Exchange, plan: ResponsePlan, last: string | Buffer | undefined): void {
  const { response } = exchange;
  switch (plan.ending) {
    case 'end':
      if (last === undefined) response.end();
      else response.end(last);
      return;
    case 'close-connection':
      if (last !== undefined) response.write(last);
      else response.flushHeaders();
      endConnection(exchange);
      return;
    default:
      // A hang keeps the socket open until the client leaves or the server closes; headers still go out.
      if (last !== undefined) response.write(last);
      else response.flushHeaders();
  }
}

function writeBody(exchange: Exchange, plan: ResponsePlan): void {
  if (exchange.closed) return;
  const { response } = exchange;
  response.writeHead(plan.status, plan.headers);
  const { pieces } = plan;
  if (pieces.length === 0) {
    finish(exchange, plan, undefined);
    return;
  }
  if (plan.betweenChunksMs <= 0) {
    // The fast path benchmarks take: one write for the whole body, no timers.
    if (!plan.separateWrites) {
      finish(exchange, plan, joinPieces(pieces));
      return;
    }
    for (let index = 0; index < pieces.length - 1; index++) response.write(pieces[index] as string | Buffer);
    finish(exchange, plan, pieces[pieces.length - 1]);
    return;
  }
  if (pieces.length === 1) {
    finish(exchange, plan, pieces[0]);
    return;
  }
  response.write(pieces[0] as string | Buffer);
  let next = 1;
  // One interval per paced response rather than a new timer per chunk.
  exchange.timer = setInterval(() => {
    if (exchange.closed) return;
    const piece = pieces[next] as string | Buffer;
    next++;
    if (next < pieces.length) {
      response.write(piece);
      return;
    }
    clearInterval(exchange.timer);
    exchange.timer = undefined;
    finish(exchange, plan, piece);
  }, plan.betweenChunksMs);
}

/** Writes a planned response, honouring latency; stops quietly once the client has gone. */
export function writeResponse(exchange: Exchange, plan: ResponsePlan): void {
  if (plan.beforeHeadersMs > 0) {
    exchange.timer = setTimeout(() => {
      exchange.timer = undefined;
      writeBody(exchange, plan);
    }, plan.beforeHeadersMs);
    return;
  }
  writeBody(exchange, plan);
}
