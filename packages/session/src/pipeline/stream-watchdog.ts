// The checks per idleTimeout of the shortest watched limit: an idle stream is caught between 1 and 1.25
// times its idleTimeout after its last progress.
const checksPerTimeout = 4;

// One process-wide ticker serves every open stream (undici's coarse shared timers, lib/util/timers.js):
// watching a stream costs a Set entry, never a timer of its own, and progress stays a counter bump, never
// a clock read or a timer re-armed per chunk.
const watches = new Set<StreamWatchdog>();
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
 * nor the reader (it stopped asking for chunks, or never started). A class, not an object of closures:
 * one lives as long as its stream, and a stream's long-lived objects are what the GC promotes.
 */
export class StreamWatchdog {
  /** Bumped on every sign of progress; the ticker compares it with what it saw last. */
  count = 0;
  seen = 0;
  /** When the count was last seen to change, on `performance.now()`'s clock. */
  movedAt = performance.now();
  /** The pipeline's own work (tools running, the next step starting) is not idle time. */
  paused = false;
  readonly idleTimeoutMs: number;
  readonly onIdle: () => void;

  constructor(idleTimeoutMs: number, onIdle: () => void) {
    this.idleTimeoutMs = idleTimeoutMs;
    this.onIdle = onIdle;
    watches.add(this);
    ensureTicker(idleTimeoutMs);
  }

  /** Something moved: a batch arrived, or the reader asked for the next chunk. */
  progress(): void {
    this.count += 1;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.count += 1;
  }

  stop(): void {
    watches.delete(this);
  }
}
