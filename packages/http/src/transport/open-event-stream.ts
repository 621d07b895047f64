import type { ResponseHeaders } from '../errors/response-headers.js';
import { toTransportError } from '../errors/to-transport-error.js';
import type { CallDeadline } from './create-call-deadline.js';
import type { EventStream } from './transport-types.js';

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
export interface EventStreamSource<T> {
  provider: string;
  model: string | undefined;
  status: number;
  headers: ResponseHeaders;
  requestId: string | undefined;
  body: StreamBody;
  decoder: PushDecoder<T>;
  deadline: CallDeadline;
}

function ignore(): void {}

/**
 * Wraps a 2xx body as an `EventStream`: one async generator, one `for await` over the body, events decoded
 * synchronously per read. Failures inside it are thrown as the caller should see them: the abort reason, a
 * `TimeoutError`, a `ProviderConnectionError` for a socket that broke. Leaving the loop early (break, throw)
 * returns the body's iterator, which destroys it and closes the socket; the `finally` covers the rest.
 */
export function openEventStream<T>(source: EventStreamSource<T>): EventStream<T> {
  const { body, decoder, deadline } = source;

  async function* iterate(): AsyncGenerator<T> {
    try {
      for await (const chunk of body) {
        for (const event of decoder.push(chunk)) {
          deadline.beforeYield();
          yield event;
          deadline.afterYield();
        }
      }
      for (const event of decoder.flush()) {
        deadline.beforeYield();
        yield event;
        deadline.afterYield();
      }
    } catch (error) {
      throw toTransportError(error, {
        provider: source.provider,
        model: source.model,
        signal: deadline.signal,
      });
    } finally {
      deadline.dispose();
      // Every early exit from the loop already destroyed the body; this is a guard, not the mechanism.
      if (!body.destroyed) {
        body.on('error', ignore);
        body.destroy();
      }
    }
  }

  let iterator: AsyncGenerator<T> | undefined;
  return {
    status: source.status,
    headers: source.headers,
    requestId: source.requestId,
    // Single pass: a second `for await` continues the same iterator rather than re-reading the body.
    [Symbol.asyncIterator]() {
      iterator ??= iterate();
      return iterator;
    },
  };
}
