import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { enqueueReplies, resetState, setDefaultReply } from './control-routes.js';
import { handleRequest } from './handle-request.js';
import type { MockState } from './mock-state.js';
import type { RecordedRequest } from './recorded-request.js';
import { renderModelLists } from './render/render-model-lists.js';
import type { LatencyOptions, Reply, TextReply } from './reply.js';
import { createReplyQueue } from './reply-queue.js';

/** Options of `startMockLlm`. */
export interface MockLlmOptions {
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** The reply used when the queue has none that fits; without `text`/`chunks` it echoes the last user message. */
  defaultReply?: Partial<TextReply>;
  /** Latency for every reply that does not set its own, in ms. */
  latency?: LatencyOptions;
  /** Model ids listed by `GET /v1/models` and `GET /api/tags`; default `['mock-model']`. */
  models?: string[];
  /** Keep at least this many recorded requests, dropping older ones in batches; default unlimited. */
  maxRecordedRequests?: number;
}

/** A running mock server. */
export interface MockLlm {
  /** `http://HOST:PORT`, without a trailing slash. */
  readonly url: string;
  /** `${url}/v1`, the base URL for OpenAI-style clients. */
  readonly openaiBaseUrl: string;
  readonly port: number;
  /** Queues replies (FIFO); each request takes the first whose `match` fits. Throws a `TypeError` for a bad reply. */
  enqueue(...replies: Reply[]): void;
  /** Replaces the default reply (and its latency). */
  setDefault(reply: Partial<TextReply> & { latency?: LatencyOptions }): void;
  /** Every request received (control requests excepted), in arrival order. */
  readonly requests: RecordedRequest[];
  /** Replies still queued. */
  readonly pendingReplies: number;
  /** Clears the reply queue and the recorded requests (the default reply stays). */
  reset(): void;
  /** TCP connections currently open to the server. */
  readonly openConnections: number;
  /** Stops listening and destroys every open socket; resolves when the server has closed. */
  close(): Promise<void>;
}

/** Starts a mock LLM server on loopback; resolves once it is listening. Rejects when the port cannot be bound. */
export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const models =
    options.models !== undefined && options.models.length > 0 ? [...options.models] : ['mock-model'];
  const state: MockState = {
    defaultReply: { ...options.defaultReply, kind: 'text' },
    latency: options.latency,
    models,
    modelLists: renderModelLists(models),
    queue: createReplyQueue(),
    requests: [],
    maxRecordedRequests: options.maxRecordedRequests ?? Number.POSITIVE_INFINITY,
    nextRequestId: 0,
    connectionIds: new WeakMap(),
    nextConnectionId: 0,
    fixtures: new Map(),
  };
  const sockets = new Set<Socket>();
  // Nagle off: stream chunks must leave as they are written, or latency tests and split-utf8 would lie.
  const server = createServer({ noDelay: true }, (request, response) =>
    handleRequest(state, request, response),
  );
  // Benchmarks reuse connections: keep idle ones longer than any client pool does, and let headersTimeout
  // exceed keepAliveTimeout as Node advises. maxConnections stays unset, which means unlimited.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // A hang reply holds a request open for as long as the test wants; no server-side timeout may cut it.
  server.requestTimeout = 0;
  server.timeout = 0;
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    state.connectionIds.set(socket, ++state.nextConnectionId);
    // Resets from clients are routine here; an unhandled socket error would crash the process.
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep backlog so a benchmark opening hundreds of connections at once is not refused.
    server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    port: address.port,
    enqueue(...replies) {
      enqueueReplies(state, replies);
    },
    setDefault(reply) {
      setDefaultReply(state, reply);
    },
    get requests() {
      return state.requests;
    },
    get pendingReplies() {
      return state.queue.size;
    },
    reset() {
      resetState(state);
    },
    get openConnections() {
      return sockets.size;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
