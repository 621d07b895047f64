/** Watches a stream for progress; see `watchStream`. */
export interface StreamWatchdog {
  /** Something moved: a batch arrived, or the reader asked for the next chunk. Costs an increment. */
  progress(): void;
  /** Stops counting idle time (the pipeline's own work: tools running, the next step starting). */
  pause(): void;
  resume(): void;
  stop(): void;
}

interface Watch {
  count: number;
  seen: number;
  /** When the count was last seen to change, on `performance.now()`'s clock. */
  movedAt: number;
  paused: boolean;
  idleTimeoutMs: number;
  onIdle: () => void;
}

// The checks per idleTimeout of the shortest watched limit: an idle stream is caught between 1 and 1.25
// times its idleTimeout after its last progress.
const checksPerTimeout = 4;

// One process-wide ticker serves every open stream (undici's coarse shared timers, lib/util/timers.js):
// watching a stream costs a Set entry, never a timer of its own, and progress stays a counter bump, never
// a clock read or a timer re-armed per chunk.
const watches = new Set<Watch>();
let ticker: NodeJS.Timeout | undefined;
let tickerPeriodMs = Number.POSITIVE_INFINITY;

function tick(): void {
  const now = performance.now();
  for (const watch of watches) {
    if (watch.paused || watch.count !== watch.seen) {
      watch.seen = watch.count;
      watch.movedAt = now;
      continue;
    }
    if (now - watch.movedAt >= watch.idleTimeoutMs) {
      watches.delete(watch);
      watch.onIdle();
    }
  }
  if (watches.size === 0) stopTicker();
}

function stopTicker(): void {
  clearInterval(ticker);
  ticker = undefined;
  tickerPeriodMs = Number.POSITIVE_INFINITY;
}

function ensureTicker(idleTimeoutMs: number): void {
  const periodMs = Math.max(1, Math.floor(idleTimeoutMs / checksPerTimeout));
  if (ticker !== undefined && periodMs >= tickerPeriodMs) return;
  clearInterval(ticker);
  tickerPeriodMs = periodMs;
  ticker = setInterval(tick, periodMs);
  // The socket or worker of an open stream keeps the process alive; the ticker does not.
  ticker.unref();
}

/**
 * Calls `onIdle` once when nothing has moved for `idleTimeoutMs`: neither the server (no batch arrived)
 * nor the reader (it stopped asking for chunks, or never started).
 */
export function watchStream(idleTimeoutMs: number, onIdle: () => void): StreamWatchdog {
  const watch: Watch = {
    count: 0,
    seen: 0,
    movedAt: performance.now(),
    paused: false,
    idleTimeoutMs,
    onIdle,
  };
  watches.add(watch);
  ensureTicker(idleTimeoutMs);
  return {
    progress() {
      watch.count += 1;
    },
    pause() {
      watch.paused = true;
    },
    resume() {
      watch.paused = false;
      watch.count += 1;
    },
    stop() {
      watches.delete(watch);
    },
  };
}
