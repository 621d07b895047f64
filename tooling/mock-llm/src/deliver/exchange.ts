import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequestHandle } from '../recorded-request.js';

/** One request/response pair while it is being served. */
export interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  /** `undefined` for control requests, which are not recorded. */
  recorded: RecordedRequestHandle | undefined;
  /** The response closed: finished, or the socket went away. Nothing may be written after this. */
  closed: boolean;
  /** The mock ended the exchange on purpose (a scripted reset), so the outcome is `completed`. */
  endedByServer: boolean;
  /** The one pending timer (latency or chunk pacing), cleared when the response closes. */
  timer: NodeJS.Timeout | undefined;
}

/** Starts tracking an exchange: settles the recorded outcome and stops timers when the response closes. */
export function createExchange(
  request: IncomingMessage,
  response: ServerResponse,
  recorded: RecordedRequestHandle | undefined,
): Exchange {
  const exchange: Exchange = {
    request,
    response,
    recorded,
    closed: false,
    endedByServer: false,
    timer: undefined,
  };
  if (request.socket.destroyed || response.destroyed) {
    // The client left between its last body byte and now; the response's close event has already passed.
    exchange.closed = true;
    recorded?.settle('client-closed');
    return exchange;
  }
  // A client that disconnects mid-write makes the response emit an error; it must never crash the server.
  response.on('error', () => {});
  response.once('close', () => {
    exchange.closed = true;
    if (exchange.timer !== undefined) clearTimeout(exchange.timer);
    exchange.timer = undefined;
    recorded?.settle(response.writableFinished || exchange.endedByServer ? 'completed' : 'client-closed');
  });
  return exchange;
}

/** Closes the connection under the response on purpose: written bytes go out first, then FIN and destroy. */
export function endConnection(exchange: Exchange): void {
  exchange.endedByServer = true;
  const socket = exchange.response.socket;
  if (socket === null) return;
  // `end` flushes what the response corked into the socket before the FIN; `destroy` alone would drop it.
  socket.end(() => socket.destroy());
}

/** Resets the connection before anything was sent (RST, so the client sees ECONNRESET). */
export function resetConnection(exchange: Exchange): void {
  exchange.endedByServer = true;
  const socket = exchange.request.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
