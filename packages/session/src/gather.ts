import { createConcurrencyLimiter } from './concurrency-limiter.js';

/** Progress of a `gather`, reported each time a task finishes. */
export interface GatherProgress {
  completed: number;
  total: number;
  failed: number;
}

/** One task's outcome with `settle: true`, in the shape of `Promise.allSettled`. */
export type GatherResult<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown };

export interface GatherOptions {
  /** The most tasks running at once (default: all). */
  concurrency?: number;
  /** Called after each task finishes, with counts so far. */
  onProgress?: (progress: GatherProgress) => void;
  /** Return every task's outcome in order instead of rejecting at the first failure. */
  settle?: boolean;
  /** Stops starting new tasks; running ones see it only if they were given it. */
  signal?: AbortSignal;
}

/**
 * Runs task functions (`() => llm.agenerate(…)`) with at most `concurrency` at once and resolves to their
 * results in task order. Without `settle` it rejects at the first failure and starts no new task; with
 * `settle: true` each result is `{ status, value | reason }`. Throws a RangeError for a bad concurrency.
 */
export function gather<T>(
  tasks: ReadonlyArray<() => Promise<T>>,
  options: GatherOptions & { settle: true },
): Promise<GatherResult<T>[]>;
export function gather<T>(
  tasks: ReadonlyArray<() => Promise<T>>,
  options?: GatherOptions & { settle?: false },
): Promise<T[]>;
export function gather<T>(
  tasks: ReadonlyArray<() => Promise<T>>,
  options: GatherOptions = {},
): Promise<T[] | GatherResult<T>[]> {
  if (!Array.isArray(tasks) || tasks.some((task) => typeof task !== 'function')) {
    return Promise.reject(new TypeError('gather: tasks must be an array of functions that return promises'));
  }
  const limiter = createConcurrencyLimiter(options.concurrency ?? Math.max(1, tasks.length));
  const settle = options.settle === true;
  const progress: GatherProgress = { completed: 0, total: tasks.length, failed: 0 };
  const report = (): void => {
    try {
      options.onProgress?.({ ...progress });
    } catch {
      // A progress callback must not decide the outcome of the tasks.
    }
  };
  return new Promise((resolve, reject) => {
    const results: Array<T | GatherResult<T>> = new Array(tasks.length);
    let settled = 0;
    let failed = false;
    if (tasks.length === 0) resolve([]);
    tasks.forEach((task, index) => {
      limiter.acquire(options.signal).then(
        async (release) => {
          // After a failure without `settle`, tasks not yet started never start.
          if (failed) return release();
          try {
            const value = await task();
            results[index] = settle ? { status: 'fulfilled', value } : value;
            progress.completed += 1;
            report();
          } catch (reason) {
            progress.completed += 1;
            progress.failed += 1;
            report();
            if (settle) results[index] = { status: 'rejected', reason };
            else if (!failed) {
              failed = true;
              reject(reason);
            }
          } finally {
            release();
            settled += 1;
            if (settled === tasks.length && !failed) resolve(results as T[] | GatherResult<T>[]);
          }
        },
        (reason: unknown) => {
          if (!failed) {
            failed = true;
            reject(reason);
          }
        },
      );
    });
  });
}
