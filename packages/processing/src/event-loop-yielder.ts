import { setImmediate } from 'node:timers/promises';

/** Tells a long job, worked through in small steps, when it has held the event loop long enough. */
export interface EventLoopYielder {
  /** True once the job has run `sliceMs` since it last gave the event loop a turn. */
  due(): boolean;
  /** Lets timers and I/O run (one `setImmediate`), then starts a new slice. */
  pause(): Promise<void>;
}

// 10 ms keeps a server's timers and sockets served while a 10 MB document is counted and split, and
// costs a few hundred `setImmediate` turns a second at most.
const defaultSliceMs = 10;

/**
 * A yielder for a job on the main thread: the job checks `due()` between steps (a `performance.now()`,
 * so no `await` per step) and awaits `pause()` only when it is.
 */
export function createEventLoopYielder(sliceMs = defaultSliceMs): EventLoopYielder {
  let sliceStart = performance.now();
  return {
    due: () => performance.now() - sliceStart >= sliceMs,
    async pause() {
      await setImmediate();
      sliceStart = performance.now();
    },
  };
}
