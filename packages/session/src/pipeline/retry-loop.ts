import { AbstractCoreError } from '@core/types';
import { abortableSleep } from './abortable-sleep.js';

/** How one call retries: counts and bounds in ms. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  signal: AbortSignal | undefined;
}

/** What a retry reports before it waits. */
export interface RetryNotice {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

/**
 * The wait before retry number `attempt` (0-based): the provider's `retryAfterMs` when it gave one,
 * otherwise exponential backoff with full jitter (a uniform draw below the doubling ceiling), both capped.
 */
export function retryDelayMs(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  random = Math.random,
): number {
  const retryAfterMs = AbstractCoreError.isInstance(error) ? error.retryAfterMs : undefined;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.initialDelayMs * 2 ** attempt, policy.maxDelayMs);
  return Math.floor(random() * ceiling);
}

/** The deadline of a call that starts now and may take `timeoutMs` (none when there is no limit). */
export function deadlineAfter(timeoutMs: number | undefined): number | undefined {
  return timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
}

/**
 * The pipeline's only retry loop. It retries errors marked `retryable`, never an abort, and only around
 * work that has not handed anything to the caller yet (callers make sure of that). `deadlineAt` is when the
 * call's `timeout` runs out, on `performance.now()`'s clock: a retry whose wait would reach it is not made,
 * and the call fails with the last error instead (each attempt's own timeout is the time left: see
 * `attemptRequest`).
 */
export function withRetries<T>(
  run: () => Promise<T>,
  policy: RetryPolicy,
  deadlineAt: number | undefined,
  onRetry: (notice: RetryNotice) => void,
): Promise<T> {
  // The first attempt is chained, not awaited in an async function: most calls succeed at once, and a
  // suspended frame would be kept alive for every call in flight.
  let first: Promise<T>;
  try {
    first = run();
  } catch (error) {
    first = Promise.reject(error);
  }
  return first.catch((error: unknown) => retryAfter(error, run, policy, deadlineAt, onRetry));
}

// The attempts after a failed first one, each after its backoff.
async function retryAfter<T>(
  failure: unknown,
  run: () => Promise<T>,
  policy: RetryPolicy,
  deadlineAt: number | undefined,
  onRetry: (notice: RetryNotice) => void,
): Promise<T> {
  let error = failure;
  for (let attempt = 0; ; attempt++) {
    if (policy.signal?.aborted) throw policy.signal.reason;
    const retryable = AbstractCoreError.isInstance(error) && error.retryable;
    if (!retryable || attempt >= policy.maxRetries) throw error;
    const delayMs = retryDelayMs(error, attempt, policy);
    // Waiting past the deadline would only end in a timeout: the caller gets the real failure now.
    if (deadlineAt !== undefined && performance.now() + delayMs >= deadlineAt) throw error;
    onRetry({ attempt: attempt + 1, delayMs, error });
    await abortableSleep(delayMs, policy.signal);
    try {
      return await run();
    } catch (next) {
      error = next;
    }
  }
}
