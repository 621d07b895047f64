import { ProviderAPIError, registerSecret } from '@core/types';
import type { Dispatcher } from 'undici';
import { createSseDecoder } from '../decoders/create-sse-decoder.js';
import { createNdjsonDecoder } from '../decoders/decode-ndjson.js';
import type { SseEvent } from '../decoders/sse-event.js';
import { classifyHttpError } from '../errors/classify-http-error.js';
import { parseErrorBody } from '../errors/parse-error-body.js';
import { readErrorBody } from '../errors/read-error-body.js';
import { readRequestId } from '../errors/response-headers.js';
import { toTransportError } from '../errors/to-transport-error.js';
import { describeBody } from '../errors/unexpected-body-error.js';
import { type CallDeadline, createCallDeadline } from './create-call-deadline.js';
import { createDispatcher, defaultConnections } from './create-dispatcher.js';
import { openEventStream, type PushDecoder } from './open-event-stream.js';
import type {
  EventStream,
  JsonResponse,
  RequestOptions,
  StreamRequestOptions,
  Transport,
  TransportOptions,
} from './transport-types.js';

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

function splitBaseUrl(baseUrl: string): { origin: string; basePath: string } {
  const trimmed = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  const url = new URL(trimmed);
  return { origin: url.origin, basePath: url.pathname === '/' ? '' : url.pathname };
}

/**
 * Creates the HTTP transport of one provider: one lazily created keep-alive undici pool (proxy variables
 * honoured), JSON requests, SSE and NDJSON streams, timeouts, abort and error classification. Nothing is
 * opened until the first request. Throws a `TypeError` at once when `baseUrl` is not a URL.
 */
export function createTransport(options: TransportOptions): Transport {
  const { provider } = options;
  const { origin, basePath } = splitBaseUrl(options.baseUrl);
  const connections = options.connections ?? defaultConnections;
  const parseBody = options.parseErrorBody ?? parseErrorBody;
  const defaultHeaders: Record<string, string> = {};
  normalizeHeaders(options.headers, defaultHeaders);
  // A promise, so the hundreds of calls that may start together before the pool exists share one pool.
  let dispatcher: Promise<Dispatcher> | undefined;

  function buildHeaders(request: RequestOptions, accept: string, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept, ...defaultHeaders };
    if (hasBody) headers['content-type'] = 'application/json';
    normalizeHeaders(request.headers, headers);
    return headers;
  }

  async function send(
    request: RequestOptions,
    deadline: CallDeadline,
    accept: string,
  ): Promise<Dispatcher.ResponseData> {
    const hasBody = request.body !== undefined;
    dispatcher ??= createDispatcher(connections);
    try {
      const response = await (await dispatcher).request({
        origin,
        path: request.path.startsWith('/') ? basePath + request.path : `${basePath}/${request.path}`,
        method: request.method ?? (hasBody ? 'POST' : 'GET'),
        headers: buildHeaders(request, accept, hasBody),
        body: hasBody ? JSON.stringify(request.body) : null,
        signal: deadline.signal,
      });
      if (response.statusCode >= 200 && response.statusCode < 300) return response;
      const body = await readErrorBody(response.body);
      throw classifyHttpError({
        provider,
        model: request.model,
        status: response.statusCode,
        headers: response.headers,
        body,
        parsed: parseBody(body, response.statusCode),
      });
    } catch (error) {
      throw toTransportError(error, { provider, model: request.model, signal: deadline.signal });
    }
  }

  async function requestJson<T>(request: RequestOptions): Promise<JsonResponse<T>> {
    request.signal?.throwIfAborted();
    const deadline = createCallDeadline({
      provider,
      model: request.model,
      signal: request.signal,
      timeoutMs: request.timeoutMs,
      phase: 'total',
    });
    try {
      const response = await send(request, deadline, 'application/json');
      const requestId = readRequestId(response.headers);
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        throw toTransportError(error, { provider, model: request.model, signal: deadline.signal });
      }
      return {
        body: parseJsonBody<T>(text, response.statusCode, requestId, request.model),
        status: response.statusCode,
        headers: response.headers,
        requestId,
      };
    } finally {
      deadline.dispose();
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

  async function openStream<T>(
    request: StreamRequestOptions,
    accept: string,
    decoder: PushDecoder<T>,
  ): Promise<EventStream<T>> {
    request.signal?.throwIfAborted();
    const deadline = createCallDeadline({
      provider,
      model: request.model,
      signal: request.signal,
      timeoutMs: request.timeoutMs,
      phase: 'first-chunk',
      idleTimeoutMs: request.idleTimeoutMs,
    });
    let response: Dispatcher.ResponseData;
    try {
      response = await send(request, deadline, accept);
    } catch (error) {
      deadline.dispose();
      throw error;
    }
    return openEventStream({
      provider,
      model: request.model,
      status: response.statusCode,
      headers: response.headers,
      requestId: readRequestId(response.headers),
      body: response.body,
      decoder,
      deadline,
    });
  }

  return {
    requestJson,
    streamSse: (request) => openStream<SseEvent>(request, 'text/event-stream', createSseDecoder()),
    streamNdjson: <T>(request: StreamRequestOptions) =>
      openStream<T>(request, 'application/x-ndjson', createNdjsonDecoder<T>({ provider })),
    async close() {
      const closing = dispatcher;
      // Cleared first, so a request made while closing opens a new pool instead of failing on this one.
      dispatcher = undefined;
      await (await closing)?.close();
    },
  };
}
