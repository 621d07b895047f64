import { linkAbortSignal, TimeoutError, type TimeoutPhase } from '@core/types';

/** The signal and timers one call runs under; see `createCallDeadline`. */
export interface CallDeadline {
  /** Aborts when the caller's signal does (with its reason) or when a limit elapses (with a `TimeoutError`). */
  readonly signal: AbortSignal;
  /** Marks an event handed to the consumer; the first one ends the first-chunk phase. */
  beforeYield(): void;
  /** Marks the consumer asking for the next event: the idle clock restarts from here. */
  afterYield(): void;
  /** Clears the timer and unlinks the caller's signal; called in `finally`. */
  dispose(): void;
}

/** What `createCallDeadline` accepts. */
export interface CallDeadlineOptions {
  provider: string;
  model: string | undefined;
  signal: AbortSignal | undefined;
  /** ms for the whole call (`total`) or until the first event (`first-chunk`). */
  timeoutMs: number | undefined;
  phase: Extract<TimeoutPhase, 'total' | 'first-chunk'>;
  /** ms between events after the first. */
  idleTimeoutMs?: number | undefined;
}

function isLimit(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

/**
 * Links the caller's signal (kept, never replaced) with one timer per call: `timeoutMs` first, then
 * `idleTimeoutMs` between events, `refresh()`ed per event rather than re-created. Time the consumer spends
 * holding an event is not the server being idle, so a timer that elapses then does not fire; it is re-armed
 * when the consumer asks for the next event.
 */
export function createCallDeadline(options: CallDeadlineOptions): CallDeadline {
  const { provider, model, timeoutMs, idleTimeoutMs } = options;
  const controller = new AbortController();
  const callerSignal = options.signal;
  // The caller's reason object itself is passed on, so an abort rejects with exactly `signal.reason`.
  const unlink =
    callerSignal === undefined
      ? undefined
      : linkAbortSignal(callerSignal, () => controller.abort(callerSignal.reason));
  let phase: TimeoutPhase = options.phase;
  let limitMs = timeoutMs;
  let consumerHolds = false;
  let sawEvent = false;
  let timer: NodeJS.Timeout | undefined;

  function onTimeout(): void {
    if (consumerHolds || limitMs === undefined) return;
    const what =
      phase === 'total' ? 'the response' : phase === 'first-chunk' ? 'the first event' : 'the next event';
    controller.abort(
      new TimeoutError({
        message: `${provider} did not send ${what} within ${limitMs} ms`,
        provider,
        model,
        timeoutMs: limitMs,
        phase,
      }),
    );
  }

  if (isLimit(timeoutMs)) timer = setTimeout(onTimeout, timeoutMs);

  return {
    signal: controller.signal,
    beforeYield() {
      consumerHolds = true;
      if (sawEvent) return;
      sawEvent = true;
      clearTimeout(timer);
      timer = undefined;
      if (isLimit(idleTimeoutMs)) {
        phase = 'idle';
        limitMs = idleTimeoutMs;
        timer = setTimeout(onTimeout, idleTimeoutMs);
      }
    },
    afterYield() {
      consumerHolds = false;
      // Re-arms the timer even when it elapsed while the consumer held the event.
      timer?.refresh();
    },
    dispose() {
      clearTimeout(timer);
      timer = undefined;
      unlink?.();
    },
  };
}
