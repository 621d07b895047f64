import type { Warning } from '@core/types';
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
  /** Aborting it rejects with its `reason` and releases the socket, a stream's included. */
  signal?: AbortSignal;
  /** ms for the whole call (`requestJson`), or until a stream's first values (what its mapper makes of the first events). */
  timeoutMs?: number;
  /** The model, carried into errors. */
  model?: string;
}

/**
 * A streaming request. `timeoutMs` covers the wait for the first values (headers, then the first events
 * that map to something); gaps between later reads are the reader's to watch (the pipeline's stream
 * watchdog), since only the reader knows when it stopped asking.
 */
export interface StreamRequestOptions extends RequestOptions {
  /** The request's warnings (options the adapter could not honour), carried on the stream it opens. */
  warnings?: readonly Warning[];
}

/**
 * Turns a stream's events into the values it yields, synchronously and with its own state (a provider's
 * chunks): `push` adds to `into` what the events of one network read give, `end` runs once when the body
 * has ended and adds what completes the stream. Either may throw (an in-band error, a wire that ended
 * without its finish signal); what it added to `into` before throwing is still delivered, and the error
 * comes on the next read, as it would have one event at a time.
 */
export interface StreamMapper<T, R> {
  push(events: readonly T[], into: R[]): void;
  end(into: R[]): void;
}

/** A parsed JSON response with what the caller may want from its head. */
export interface JsonResponse<T> {
  body: T;
  status: number;
  headers: ResponseHeaders;
  /** The provider's request id (`x-request-id` or `request-id`). */
  requestId: string | undefined;
}

/**
 * A successful (2xx) streaming response, read once: `read()` per network read (the hot path), or
 * `for await` one value at a time. Leaving early (`close()`, or `break` out of the `for await`)
 * destroys the body and closes its socket.
 */
export interface EventStream<T> extends AsyncIterable<T> {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly requestId: string | undefined;
  /** The warnings the request was opened with (`StreamRequestOptions.warnings`). */
  readonly warnings: readonly Warning[] | undefined;
  /**
   * The values of the next network read (never an empty array before the end, but possibly one at the
   * end); `undefined` once the stream is over. Call it again only after the previous call settled.
   */
  read(): Promise<T[] | undefined>;
  /** Stops the stream and frees its socket; a `read` in progress rejects with `reason`. */
  close(reason?: unknown): void;
}

/** The HTTP transport of one provider; see `createTransport`. */
export interface Transport {
  /**
   * Where requests go: the base URL's origin and path as requests are built from them (no trailing slash,
   * no `user:pass@`, no query), for telemetry's `server.address` and `server.port`.
   */
  readonly baseUrl: string;
  /** Sends a request and parses the JSON reply; rejects with the classified error on a non-2xx status. */
  requestJson<T = unknown>(options: RequestOptions): Promise<JsonResponse<T>>;
  /**
   * Opens a `text/event-stream`; resolves once a 2xx status and headers arrived, rejects on an error status.
   * With a `mapper`, the stream yields what it maps the events to; without one, the events themselves.
   */
  streamSse(options: StreamRequestOptions): Promise<EventStream<SseEvent>>;
  streamSse<R>(options: StreamRequestOptions, mapper: StreamMapper<SseEvent, R>): Promise<EventStream<R>>;
  /** Opens a newline-delimited JSON stream; each line is `JSON.parse`d once, then mapped like `streamSse`. */
  streamNdjson<T = unknown>(options: StreamRequestOptions): Promise<EventStream<T>>;
  streamNdjson<T, R>(options: StreamRequestOptions, mapper: StreamMapper<T, R>): Promise<EventStream<R>>;
  /** Closes the connection pool (after in-flight requests finish); a later request opens a new one. */
  close(): Promise<void>;
}
