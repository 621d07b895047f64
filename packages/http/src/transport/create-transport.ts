import { ProviderAPIError, registerSecret } from '@core/types';
import type { Dispatcher } from 'undici';
import { createNdjsonDecoder } from '../decoders/create-ndjson-decoder.js';
import { createSseDecoder } from '../decoders/create-sse-decoder.js';
import type { SseEvent } from '../decoders/sse-event.js';
import { classifyHttpError } from '../errors/classify-http-error.js';
import { parseErrorBody } from '../errors/parse-error-body.js';
import { readErrorBody } from '../errors/read-error-body.js';
import { readRequestId } from '../errors/response-headers.js';
import { toTransportError } from '../errors/to-transport-error.js';
import { describeBody } from '../errors/unexpected-body-error.js';
import { createDispatcher, defaultConnections, type TransportDispatcher } from './create-dispatcher.js';
import { createRequestAbort, type RequestAbort } from './create-request-abort.js';
import { openEventStream, type PushDecoder } from './open-event-stream.js';
import type { SocketReuse } from './socket-reuse.js';
import type {
  EventStream,
  JsonResponse,
  RequestOptions,
  StreamMapper,
  StreamRequestOptions,
  Transport,
  TransportOptions,
} from './transport-types.js';

// A 2xx response, and the pool's count of it, which the caller tells once the response is over.
interface Sent {
  response: Dispatcher.ResponseData;
  reuse: SocketReuse;
}

// Header names whose values are credentials: registered as secrets so no error text can carry them.
const credentialHeaders = new Set(['authorization', 'x-api-key', 'api-key', 'proxy-authorization']);

// Header names are case-insensitive; lower-casing them once lets per-request headers override defaults.
function normalizeHeaders(headers: Record<string, string> | undefined, into: Record<string, string>): void {
  if (headers === undefined) return;
  for (const [name, value] of Object.entries(headers)) {
    const lowerName = name.toLowerCase();
    if (credentialHeaders.has(lowerName)) {
      registerSecret(value);
      // `Bearer <key>`: the key alone is what might be echoed back.
      const space = value.indexOf(' ');
      if (space !== -1) registerSecret(value.slice(space + 1).trim());
    }
    into[lowerName] = value;
  }
}

// Without a mapper a stream yields its events as they are.
function passEvents<T, R>(): StreamMapper<T, R> {
  return {
    push: (events, into) => {
      for (const event of events) into.push(event as unknown as R);
    },
    end: () => {},
  };
}

function splitBaseUrl(baseUrl: string): { origin: string; basePath: string } {
  const trimmed = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  const url = new URL(trimmed);
  return { origin: url.origin, basePath: url.pathname === '/' ? '' : url.pathname };
}

/**
 * Creates the HTTP transport of one provider: one lazily created keep-alive undici pool (proxy variables
 * honoured), JSON requests, SSE and NDJSON streams, timeouts, abort and error classification. Nothing is
 * opened until the first request. Throws a `TypeError` at once when `baseUrl` is not a URL or `connections`
 * is not a positive integer.
 */
export function createTransport(options: TransportOptions): Transport {
  const { provider } = options;
  const { origin, basePath } = splitBaseUrl(options.baseUrl);
  const connections = options.connections ?? defaultConnections;
  if (!Number.isInteger(connections) || connections < 1) {
    throw new TypeError(`connections must be a positive integer, got ${String(options.connections)}`);
  }
  const parseBody = options.parseErrorBody ?? parseErrorBody;
  const defaultHeaders: Record<string, string> = {};
  normalizeHeaders(options.headers, defaultHeaders);
  // A promise, so the hundreds of calls that may start together before the pool exists share one pool.
  let dispatcher: Promise<TransportDispatcher> | undefined;
  // The pool, once it exists: later requests skip awaiting the promise.
  let ready: TransportDispatcher | undefined;

  // The headers of a request without headers of its own, built once per accept and body kind: a plain
  // agent only reads them, so one frozen object serves every such request. (A proxy agent adds `host`,
  // so it gets a fresh object each time.)
  // Keyed by accept, one map with a body and one without: no key string is built per request.
  const sharedHeaders = {
    withBody: new Map<string, Readonly<Record<string, string>>>(),
    withoutBody: new Map<string, Readonly<Record<string, string>>>(),
  };
  function buildHeaders(
    request: RequestOptions,
    accept: string,
    hasBody: boolean,
    shareable: boolean,
  ): Record<string, string> {
    const shared = hasBody ? sharedHeaders.withBody : sharedHeaders.withoutBody;
    const reuse = shareable && request.headers === undefined;
    if (reuse) {
      const headers = shared.get(accept);
      if (headers !== undefined) return headers as Record<string, string>;
    }
    const headers: Record<string, string> = { accept, ...defaultHeaders };
    if (hasBody) headers['content-type'] = 'application/json';
    if (reuse) {
      shared.set(accept, Object.freeze(headers));
      return headers;
    }
    normalizeHeaders(request.headers, headers);
    return headers;
  }

  // Resolves to a 2xx response, or rejects with the error the caller should see. Promise chains, not an
  // async function: a suspended async frame keeps every local of the function alive while the request is
  // on the wire (about a kilobyte per call, copied by each scavenge of a burst of hundreds of calls).
  function send(request: RequestOptions, abort: RequestAbort, accept: string): Promise<Sent> {
    const pool = ready;
    if (pool === undefined) return openPoolAndSend(request, abort, accept);
    const waiting = pool.reuse.beforeSend();
    if (waiting === undefined) return sendOn(pool, request, abort, accept);
    return waiting.then(() => sendOn(pool, request, abort, accept));
  }

  async function openPoolAndSend(
    request: RequestOptions,
    abort: RequestAbort,
    accept: string,
  ): Promise<Sent> {
    try {
      dispatcher ??= createDispatcher(connections);
      ready = await dispatcher;
    } catch (error) {
      throw toTransportError(error, { provider, model: request.model, signal: abort });
    }
    return send(request, abort, accept);
  }

  function sendOn(
    pool: TransportDispatcher,
    request: RequestOptions,
    abort: RequestAbort,
    accept: string,
  ): Promise<Sent> {
    const { reuse } = pool;
    const hasBody = request.body !== undefined;
    let responded: Promise<Dispatcher.ResponseData>;
    try {
      responded = pool.request.call(pool.dispatcher, {
        origin,
        path: request.path.startsWith('/') ? basePath + request.path : `${basePath}/${request.path}`,
        method: request.method ?? (hasBody ? 'POST' : 'GET'),
        headers: buildHeaders(request, accept, hasBody, !pool.proxied),
        body: hasBody ? JSON.stringify(request.body) : null,
        // An EventEmitter-shaped abort (see createRequestAbort), which undici accepts as a signal.
        signal: abort as unknown as AbortSignal,
      });
    } catch (error) {
      // A body JSON.stringify cannot write (a cycle, a BigInt): nothing went out.
      return Promise.reject(toTransportError(error, { provider, model: request.model, signal: abort }));
    }
    reuse.sent();
    return responded.then(
      (response) =>
        response.statusCode >= 200 && response.statusCode < 300
          ? { response, reuse }
          : failWithStatus(response, request, abort, reuse),
      (error: unknown) => {
        reuse.done(false);
        throw toTransportError(error, { provider, model: request.model, signal: abort });
      },
    );
  }

  // A non-2xx answer: its body read (a bounded amount) and classified.
  async function failWithStatus(
    response: Dispatcher.ResponseData,
    request: RequestOptions,
    abort: RequestAbort,
    reuse: SocketReuse,
  ): Promise<never> {
    let body: unknown;
    try {
      body = await readErrorBody(response.body);
    } catch (error) {
      reuse.done(false);
      throw toTransportError(error, { provider, model: request.model, signal: abort });
    }
    // Read to its end (small enough), the body leaves its socket to the pool.
    reuse.done(response.body.readableEnded);
    const error = classifyHttpError({
      provider,
      model: request.model,
      status: response.statusCode,
      headers: response.headers,
      body,
      parsed: parseBody(body),
    });
    throw toTransportError(error, { provider, model: request.model, signal: abort });
  }

  function requestJson<T>(request: RequestOptions): Promise<JsonResponse<T>> {
    if (request.signal?.aborted) return Promise.reject(request.signal.reason);
    const abort = createRequestAbort({
      provider,
      model: request.model,
      signal: request.signal,
      timeoutMs: request.timeoutMs,
      phase: 'total',
    });
    // Chained (see `send`): while the request is on the wire, no frame of this function is kept.
    return send(request, abort, 'application/json').then(
      (sent) => readJson<T>(sent, request, abort),
      (error: unknown) => {
        abort.dispose();
        throw error;
      },
    );
  }

  async function readJson<T>(
    { response, reuse }: Sent,
    request: RequestOptions,
    abort: RequestAbort,
  ): Promise<JsonResponse<T>> {
    try {
      const requestId = readRequestId(response.headers);
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        reuse.done(false);
        throw toTransportError(error, { provider, model: request.model, signal: abort });
      }
      reuse.done(true);
      return {
        body: parseJsonBody<T>(text, response.statusCode, requestId, request.model),
        status: response.statusCode,
        headers: response.headers,
        requestId,
      };
    } finally {
      abort.dispose();
    }
  }

  function parseJsonBody<T>(
    text: string,
    status: number,
    requestId: string | undefined,
    model: string | undefined,
  ): T {
    // 204 and empty 2xx replies (a DELETE) carry no body to parse.
    if (text.length === 0) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new ProviderAPIError({
        message: `${provider} answered HTTP ${status} with a body that is not JSON: ${describeBody(text)}`,
        provider,
        model,
        status,
        requestId,
        retryable: false,
        cause: error,
      });
    }
  }

  async function openStream<T, R>(
    request: StreamRequestOptions,
    accept: string,
    decoder: PushDecoder<T>,
    mapper: StreamMapper<T, R>,
  ): Promise<EventStream<R>> {
    request.signal?.throwIfAborted();
    const abort = createRequestAbort({
      provider,
      model: request.model,
      signal: request.signal,
      timeoutMs: request.timeoutMs,
      phase: 'first-chunk',
    });
    let sent: Sent;
    try {
      sent = await send(request, abort, accept);
    } catch (error) {
      abort.dispose();
      throw error;
    }
    const { response, reuse } = sent;
    // The timer runs on until the stream's first values (see openEventStream); the caller's signal stays linked.
    return openEventStream({
      provider,
      model: request.model,
      status: response.statusCode,
      headers: response.headers,
      requestId: readRequestId(response.headers),
      warnings: request.warnings,
      body: response.body,
      decoder,
      mapper,
      abort,
      released: (reused) => reuse.done(reused),
    });
  }

  return {
    baseUrl: origin + basePath,
    requestJson,
    streamSse: <R>(request: StreamRequestOptions, mapper?: StreamMapper<SseEvent, R>) =>
      openStream(request, 'text/event-stream', createSseDecoder(), mapper ?? passEvents<SseEvent, R>()),
    streamNdjson: <T, R>(request: StreamRequestOptions, mapper?: StreamMapper<T, R>) =>
      openStream(
        request,
        'application/x-ndjson',
        createNdjsonDecoder<T>({ provider }),
        mapper ?? passEvents<T, R>(),
      ),
    async close() {
      const closing = dispatcher;
      // Cleared first, so a request made while closing opens a new pool instead of failing on this one.
      dispatcher = undefined;
      ready = undefined;
      await (await closing)?.dispatcher.close();
    },
  };
}
