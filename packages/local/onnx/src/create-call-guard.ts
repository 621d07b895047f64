import { linkAbortSignal, TimeoutError, type TimeoutPhase } from '@core/types';

/** The limits of one call: the caller's signal, and timeouts in ms. */
export interface CallLimits {
  model: string;
  signal: AbortSignal | undefined;
  /** ms for the whole call (`total`) or until the first chunk (`first-chunk`). */
  timeoutMs: number | undefined;
  /** ms between two chunks of a stream. */
  idleTimeoutMs: number | undefined;
  /** `total` for a plain call, `first-chunk` for a stream. */
  phase: Extract<TimeoutPhase, 'total' | 'first-chunk'>;
}

/** Watches one call's signal and timers; reports the first limit reached, once. */
export interface CallGuard {
  /** A stream's chunk arrived: the first-chunk timer gives way to the idle one, which restarts. */
  chunkArrived(): void;
  dispose(): void;
}

/**
 * Calls `onLimit` once with the reason a call must end: the signal's own reason on abort (as `fetch`
 * rejects), or a `TimeoutError` naming the phase. One timer at a time, refreshed per chunk, unref'ed (a
 * busy worker already keeps the process alive).
 */
export function createCallGuard(limits: CallLimits, onLimit: (reason: unknown) => void): CallGuard {
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  let sawChunk = false;

  const end = (reason: unknown) => {
    if (done) return;
    done = true;
    dispose();
    onLimit(reason);
  };
  const timeout = (phase: TimeoutPhase, timeoutMs: number) =>
    new TimeoutError({
      provider: 'onnx',
      model: limits.model,
      timeoutMs,
      phase,
      message:
        phase === 'idle'
          ? `No text from the ONNX model for ${timeoutMs} ms`
          : `The ONNX call took longer than ${timeoutMs} ms${phase === 'first-chunk' ? ' to start streaming' : ''}`,
    });
  const onAbort = () => end(limits.signal?.reason);
  let unlink: (() => void) | undefined;
  function dispose(): void {
    if (timer !== undefined) clearTimeout(timer);
    unlink?.();
  }

  if (limits.signal?.aborted) {
    queueMicrotask(onAbort);
  } else {
    // Linked, not listened to directly: the calls of a batch often share one signal.
    if (limits.signal !== undefined) unlink = linkAbortSignal(limits.signal, onAbort);
    const { timeoutMs } = limits;
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => end(timeout(limits.phase, timeoutMs)), timeoutMs);
      timer.unref();
    }
  }

  return {
    chunkArrived() {
      if (done) return;
      if (sawChunk) {
        timer?.refresh();
        return;
      }
      sawChunk = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const { idleTimeoutMs } = limits;
      if (idleTimeoutMs !== undefined) {
        timer = setTimeout(() => end(timeout('idle', idleTimeoutMs)), idleTimeoutMs);
        timer.unref();
      }
    },
    dispose() {
      done = true;
      dispose();
    },
  };
}
