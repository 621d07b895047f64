import { linkAbortSignal } from '@core/types';

/** Releases a slot taken from a limiter; calling it twice is harmless. */
export type Release = () => void;

/** A FIFO counting semaphore: at most `limit` holders at once, waiters served in call order. */
export interface ConcurrencyLimiter {
  /** Resolves with a release function once a slot is free; an abort while waiting rejects with the reason. */
  acquire(signal?: AbortSignal): Promise<Release>;
  readonly active: number;
  readonly pending: number;
}

interface Waiter {
  grant: (release: Release) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  /** Stops listening for the signal's abort; set while the waiter waits on a signal. */
  unlink: (() => void) | undefined;
}

/** Makes a limiter allowing `limit` concurrent holders. */
export function createConcurrencyLimiter(limit: number): ConcurrencyLimiter {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be an integer >= 1, got ${limit}`);
  let active = 0;
  const waiters: Waiter[] = [];
  let head = 0; // index of the next waiter; the array is compacted when half is spent, so shifts stay O(1)

  const makeRelease = (): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active -= 1;
      grantNext();
    };
  };

  function grantNext(): void {
    while (active < limit && head < waiters.length) {
      const waiter = waiters[head] as Waiter;
      waiters[head] = undefined as unknown as Waiter;
      head += 1;
      if (head > 64 && head * 2 > waiters.length) {
        waiters.splice(0, head);
        head = 0;
      }
      if (waiter.signal?.aborted) continue;
      waiter.unlink?.();
      active += 1;
      waiter.grant(makeRelease());
    }
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < limit && head === waiters.length) {
        active += 1;
        return Promise.resolve(makeRelease());
      }
      return new Promise<Release>((resolve, reject) => {
        const waiter: Waiter = { grant: resolve, reject, signal, unlink: undefined };
        // Linked, not listened to directly: many waiters often share one signal (a batch's).
        if (signal !== undefined) waiter.unlink = linkAbortSignal(signal, () => reject(signal.reason));
        waiters.push(waiter);
      });
    },
    get active() {
      return active;
    },
    get pending() {
      let count = 0;
      for (let index = head; index < waiters.length; index++)
        if (!waiters[index]?.signal?.aborted) count += 1;
      return count;
    },
  };
}
