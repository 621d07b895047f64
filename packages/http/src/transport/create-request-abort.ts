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
  const { signal, timeoutMs } = options;
  let listener: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unlink: (() => void) | undefined;

  // Plain fields, not getters: an object literal with accessors is built on V8's slow path, per request.
  const handle: { -readonly [Key in keyof RequestAbort]: RequestAbort[Key] } = {
    aborted: false,
    reason: undefined,
    abort(reason) {
      if (handle.aborted) return;
      handle.aborted = true;
      handle.reason = reason;
      handle.dispose();
      const notify = listener;
      listener = undefined;
      notify?.();
    },
    clearTimer() {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
    },
    dispose() {
      handle.clearTimer();
      unlink?.();
      unlink = undefined;
    },
    on(_type, added) {
      listener = added;
      return handle;
    },
    once(_type, added) {
      listener = added;
      return handle;
    },
    removeListener(_type, removed) {
      if (listener === removed) listener = undefined;
      return handle;
    },
  };

  if (signal?.aborted) {
    handle.abort(signal.reason);
    return handle;
  }
  if (signal !== undefined) unlink = linkAbortSignal(signal, () => handle.abort(signal.reason));
  if (timeoutMs !== undefined && Number.isFinite(timeoutMs) && timeoutMs > 0) {
    timer = setTimeout(() => {
      const what = options.phase === 'total' ? 'the response' : 'the first chunk';
      handle.abort(
        new TimeoutError({
          message: `${options.provider} did not send ${what} within ${timeoutMs} ms`,
          provider: options.provider,
          model: options.model,
          timeoutMs,
          phase: options.phase,
        }),
      );
    }, timeoutMs);
  }
  return handle;
}
