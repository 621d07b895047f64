import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createServer, type ServerOptions, servedLlms } from './create-server.js';

/** Options of `serve`: those of `createServer`, plus where to listen and how long to drain on close. */
export interface ServeOptions extends ServerOptions {
  /** The TCP port (default 8000); `0` picks a free one. */
  port?: number;
  /** The interface to listen on (default `127.0.0.1`; `0.0.0.0` for every IPv4 interface). */
  host?: string;
  /** ms that `close()` lets open requests and streams finish before cutting them (default 10000). */
  drainTimeout?: number;
  /**
   * Called exactly once per request when its exchange is over, answered or not (an access log line, a metric):
   * a client that leaves mid-stream or before its answer is logged too, with `aborted: true`. An error it throws
   * is ignored.
   */
  onResponse?: (entry: ResponseLogEntry) => void;
}

/** One request whose exchange is over, as `onResponse` sees it. */
export interface ResponseLogEntry {
  method: string;
  url: string;
  /** The status sent; 499 (nginx's "client closed request") when the connection closed before any was sent. */
  statusCode: number;
  /** ms from the request's arrival to the end of its response, or to the connection's close when aborted. */
  durationMs: number;
  /**
   * `true` when the connection closed before the response was complete: the client left (mid-stream, or before
   * its answer), or `close()` cut a stream that outlived `drainTimeout`.
   */
  aborted: boolean;
}

/** A listening server. */
export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:8000`, without a trailing slash. */
  url: string;
  /** The Fastify app. */
  app: FastifyInstance;
  /**
   * Stops accepting connections, lets open requests and streams finish for up to `drainTimeout` ms, cuts
   * what is left (which aborts those upstream calls), then closes the LLMs' pools (`unloadModel()` on `llm`, or on
   * each of `llms` created so far).
   * Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

const defaultPort = 8000;
const defaultHost = '127.0.0.1';
const defaultDrainTimeoutMs = 10_000;
const idleSweepIntervalMs = 50;
const clientClosedStatus = 499;

// Fastify's `onResponse` hook runs on the response's `finish`, which a response whose client left never emits.
// A response emits `close` once in every case, after `finish` when it completed: that is the one to log on.
function logEveryResponse(onResponse: (entry: ResponseLogEntry) => void) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const arrivedAt = performance.now();
    response.once('close', () => {
      const aborted = !response.writableFinished;
      try {
        onResponse({
          method: request.method ?? 'GET',
          url: request.url ?? '/',
          statusCode: aborted && !response.headersSent ? clientClosedStatus : response.statusCode,
          durationMs: performance.now() - arrivedAt,
          aborted,
        });
      } catch {
        // A logger's failure must not fail the request it logs.
      }
    });
  };
}

// A wildcard address is where the server listens, not where a client connects.
function urlFor(address: AddressInfo): string {
  const host =
    address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.address === '::'
        ? '[::1]'
        : address.family === 'IPv6'
          ? `[${address.address}]`
          : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Builds the app with `createServer` and listens. Resolves once it accepts connections; rejects when the
 * port is taken or an option is bad (TypeError or RangeError).
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { port = defaultPort, host = defaultHost, drainTimeout = defaultDrainTimeoutMs } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError('serve: port must be an integer from 0 to 65535');
  }
  if (typeof drainTimeout !== 'number' || !Number.isFinite(drainTimeout) || drainTimeout < 0) {
    throw new RangeError('serve: drainTimeout must be a non-negative number of ms');
  }
  if (options.onResponse !== undefined && typeof options.onResponse !== 'function') {
    throw new TypeError('serve: onResponse must be a function');
  }
  const app = createServer(options);
  // Node's own `request` event, not a Fastify hook: it also sees what Fastify answers before routing (a bad URL).
  if (options.onResponse !== undefined) app.server.on('request', logEveryResponse(options.onResponse));
  try {
    await app.listen({ port, host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const url = urlFor(app.server.address() as AddressInfo);
  // Connections that have not carried a request yet. Node's closeIdleConnections() leaves them open, and
  // clients open them ahead of need (undici opens one after an aborted request), so a close would wait for
  // them until drainTimeout.
  const unused = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  app.server.on('request', (request: IncomingMessage) => unused.delete(request.socket));

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      // A keep-alive socket whose response ends during the drain turns idle after `close()` looked for idle
      // ones, and would hold the close open until its keep-alive timeout: look again while draining.
      const sweepIdle = (): void => {
        app.server.closeIdleConnections();
        for (const socket of unused) socket.destroy();
      };
      sweepIdle();
      const sweep = setInterval(sweepIdle, idleSweepIntervalMs);
      // Streams past their drain time are cut: their sockets close, so their upstream calls abort.
      const cut = setTimeout(() => app.server.closeAllConnections(), drainTimeout);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
        clearTimeout(cut);
      }
      await Promise.all(servedLlms(app).map((llm) => llm.unloadModel()));
    })();
    return closing;
  };
  return { url, app, close };
}
