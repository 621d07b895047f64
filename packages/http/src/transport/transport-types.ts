import type { SseEvent } from '../decoders/sse-event.js';
import type { ErrorBodyParser } from '../errors/parse-error-body.js';
import type { ResponseHeaders } from '../errors/response-headers.js';

/** Settings of one transport: one provider, one base URL, one connection pool. */
export interface TransportOptions {
  /** The provider name used in errors (`openai`, `ollama`). */
  provider: string;
  /** The URL paths are appended to, e.g. `http://127.0.0.1:4000/v1`; one trailing slash is trimmed. */
  baseUrl: string;
  /** Headers sent with every request (authorization, versions); their values never appear in errors. */
  headers?: Record<string, string>;
  /** The provider's error-body parser; `parseErrorBody` reads the common shapes by default. */
  parseErrorBody?: ErrorBodyParser;
  /** Sockets per origin (default 1024), so hundreds of concurrent calls are not queued behind each other. */
  connections?: number;
}

/** One request: `path` is appended to the transport's base URL. */
export interface RequestOptions {
  path: string;
  /** Defaults to POST when there is a body, else GET. */
  method?: 'GET' | 'POST' | 'DELETE';
  /** Sent as JSON, `JSON.stringify`'d once. */
  body?: unknown;
  /** Per-request headers, over the transport's. */
  headers?: Record<string, string>;
  /** Aborting it rejects with its `reason` and releases the socket. */
  signal?: AbortSignal;
  /** ms for the whole call (`requestJson`), or until a stream's first event. */
  timeoutMs?: number;
  /** The model, carried into errors. */
  model?: string;
}

/** A streaming request: `timeoutMs` covers the wait for the first event, `idleTimeoutMs` each later gap. */
export interface StreamRequestOptions extends RequestOptions {
  /** ms allowed between two events once the first has arrived. */
  idleTimeoutMs?: number;
}

/** A parsed JSON response with what the caller may want from its head. */
export interface JsonResponse<T> {
  body: T;
  status: number;
  headers: ResponseHeaders;
  /** The provider's request id (`x-request-id` or `request-id`). */
  requestId: string | undefined;
}

/** A successful (2xx) streaming response: iterate it once with `for await`. */
export interface EventStream<T> extends AsyncIterable<T> {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly requestId: string | undefined;
}

/** The HTTP transport of one provider; see `createTransport`. */
export interface Transport {
  /** Sends a request and parses the JSON reply; rejects with the classified error on a non-2xx status. */
  requestJson<T = unknown>(options: RequestOptions): Promise<JsonResponse<T>>;
  /** Opens a `text/event-stream`; resolves once a 2xx status and headers arrived, rejects on an error status. */
  streamSse(options: StreamRequestOptions): Promise<EventStream<SseEvent>>;
  /** Opens a newline-delimited JSON stream; each line is `JSON.parse`d once. */
  streamNdjson<T = unknown>(options: StreamRequestOptions): Promise<EventStream<T>>;
  /** Closes the connection pool (after in-flight requests finish); a later request opens a new one. */
  close(): Promise<void>;
}
