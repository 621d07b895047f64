import type { Warning } from '@core/types';
import type { ResponseHeaders } from '../errors/response-headers.js';
import { toTransportError } from '../errors/to-transport-error.js';
import type { RequestAbort } from './create-request-abort.js';
import type { EventStream, StreamMapper } from './transport-types.js';

/** A push-based decoder: bytes in, the events they completed out. */
export interface PushDecoder<T> {
  push(chunk: Uint8Array): T[];
  flush(): T[];
}

/** The streaming body of a 2xx response: undici's `BodyReadable`, seen as what we use of it. */
export interface StreamBody extends AsyncIterable<Uint8Array> {
  readonly destroyed: boolean;
  destroy(error?: Error): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** What `openEventStream` needs from the response and the call. */
export interface EventStreamSource<T, R> {
  provider: string;
  model: string | undefined;
  status: number;
  headers: ResponseHeaders;
  requestId: string | undefined;
  warnings: readonly Warning[] | undefined;
  body: StreamBody;
  decoder: PushDecoder<T>;
  mapper: StreamMapper<T, R>;
  /** The request's abort: the caller's signal stays linked to it until the stream is over. */
  abort: RequestAbort;
  /** Called once when the stream is over: `reused` when the body was read to its end (see `SocketReuse`). */
  released: (reused: boolean) => void;
}

function ignore(): void {}

/**
 * Wraps a 2xx body as an `EventStream`: each `read()` awaits the body's next network read, decodes it and
 * maps its events synchronously, so a stream costs one promise per read, never an async step per event.
 * Failures are thrown as the caller should see them: the abort reason (a close's reason included), the
 * mapper's in-band errors, a `ProviderConnectionError` for a socket that broke. Once the body has ended or
 * failed, or `close()` ran, the socket is released: back to the pool when the body was read to its end.
 */
export function openEventStream<T, R>(source: EventStreamSource<T, R>): EventStream<R> {
  const { body, decoder, mapper, abort } = source;
  const chunks = body[Symbol.asyncIterator]();
  let over = false;
  let first = true;
  let released = false;

  function release(reused: boolean): void {
    if (released) return;
    released = true;
    source.released(reused);
  }

  function finish(): void {
    over = true;
    abort.dispose();
    release(false);
    // A body left unread is destroyed, so its socket is closed instead of being reused mid-response.
    if (!body.destroyed) {
      body.on('error', ignore);
      body.destroy();
    }
  }

  // A mapper's error after it delivered values, kept for the next read: the values go out first.
  let failure: { error: unknown } | undefined;

  async function read(): Promise<R[] | undefined> {
    if (failure !== undefined) {
      const { error } = failure;
      failure = undefined;
      throw error;
    }
    if (over) return undefined;
    const values: R[] = [];
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done === true) {
          over = true;
          release(true);
          mapper.push(decoder.flush(), values);
          mapper.end(values);
          abort.dispose();
          return values;
        }
        mapper.push(decoder.push(next.value), values);
        if (values.length > 0) {
          // The first values are in: `timeoutMs` is spent, later gaps are the reader's to watch.
          if (first) {
            first = false;
            abort.clearTimer();
          }
          return values;
        }
      }
    } catch (error) {
      finish();
      const thrown = toTransportError(error, {
        provider: source.provider,
        model: source.model,
        signal: abort,
      });
      if (values.length === 0) throw thrown;
      failure = { error: thrown };
      return values;
    }
  }

  return {
    status: source.status,
    headers: source.headers,
    requestId: source.requestId,
    warnings: source.warnings,
    read,
    close(reason) {
      if (over) return;
      // Through the request's abort: a read in progress rejects with `reason`, as on the caller's abort.
      abort.abort(reason ?? new Error('The stream was closed'));
      finish();
    },
    // For code that wants one value at a time (tests, scripts): the same reads, unbatched. Single pass: a
    // second `for await` after a `break` finds the stream closed and yields nothing more.
    async *[Symbol.asyncIterator]() {
      let completed = false;
      try {
        for (let values = await read(); values !== undefined; values = await read()) yield* values;
        completed = true;
      } finally {
        if (!completed) finish();
      }
    },
  };
}
