import { linkAbortSignal, TimeoutError, type TimeoutPhase } from '@core/types';

/**
 * What undici takes as a request's `signal`: it accepts an EventEmitter-shaped object (`on`/`once`/
 * `removeListener`, `aborted`, `reason`) as well as an `AbortSignal`. This one costs a plain object per
 * request where an `AbortController` costs an EventTarget and its listener bookkeeping, measured in the
 * µs of every call; nothing but undici ever sees it.
 */
export interface RequestAbort {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Aborts the request (or its body, once the response has started) with `reason`; later calls do nothing. */
  abort(reason: unknown): void;
  /** Clears the timer, once the limit no longer applies (the call ended, or a stream's headers arrived). */
  clearTimer(): void;
  /** Clears the timer and unlinks the caller's signal; called when the request is over. */
  dispose(): void;
  // undici's side: one listener at a time is all it registers.
  on(type: 'abort', listener: () => void): RequestAbort;
  once(type: 'abort', listener: () => void): RequestAbort;
  removeListener(type: 'abort', listener: () => void): RequestAbort;
}

/** What `createRequestAbort` accepts. */
export interface RequestAbortOptions {
  provider: string;
  model: string | undefined;
  /** The caller's signal: its abort rejects the request with exactly its `reason`. */
  signal: AbortSignal | undefined;
  /** ms until the request fails with a `TimeoutError` of `phase`; none when undefined. */
  timeoutMs: number | undefined;
  /** `total` for a JSON call (the whole response), `first-chunk` for a stream (until its first values). */
  phase: Extract<TimeoutPhase, 'total' | 'first-chunk'>;
}

/**
 * One request's abort: the caller's signal linked (one shared listener per signal, never one per call)
 * and one timer for `timeoutMs`, both ending the request through undici's own abort path, which destroys
 * the socket or the body so a read in progress rejects with the reason.
 */
export function createRequestAbort(options: RequestAbortOptions): RequestAbort {
  return new TransportAbort(options);
}

// A class, so the methods live on its prototype: an object literal of closures cost each request eight
// allocations, kept alive as long as the request (hundreds of them in a burst of concurrent calls).
class TransportAbort implements RequestAbort {
  aborted = false;
  reason: unknown = undefined;
  private listener: (() => void) | undefined = undefined;
  private timer: NodeJS.Timeout | undefined = undefined;
  private unlink: (() => void) | undefined = undefined;
  private readonly options: RequestAbortOptions;

  constructor(options: RequestAbortOptions) {
    this.options = options;
    const { signal, timeoutMs } = options;
    if (signal?.aborted) {
      this.abort(signal.reason);
      return;
    }
    if (signal !== undefined) this.unlink = linkAbortSignal(signal, () => this.abort(signal.reason));
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs) && timeoutMs > 0) {
      this.timer = setTimeout(() => this.timedOut(timeoutMs), timeoutMs);
    }
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.dispose();
    const notify = this.listener;
    this.listener = undefined;
    notify?.();
  }

  clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clearTimer();
    this.unlink?.();
    this.unlink = undefined;
  }

  on(_type: 'abort', listener: () => void): this {
    this.listener = listener;
    return this;
  }

  once(_type: 'abort', listener: () => void): this {
    this.listener = listener;
    return this;
  }

  removeListener(_type: 'abort', listener: () => void): this {
    if (this.listener === listener) this.listener = undefined;
    return this;
  }

  private timedOut(timeoutMs: number): void {
    const { provider, model, phase } = this.options;
    const what = phase === 'total' ? 'the response' : 'the first chunk';
    this.abort(
      new TimeoutError({
        message: `${provider} did not send ${what} within ${timeoutMs} ms`,
        provider,
        model,
        timeoutMs,
        phase,
      }),
    );
  }
}
