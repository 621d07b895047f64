import { linkAbortSignal, type RateLimiterLike, type RateLimitOptions } from '@core/types';
import { checkNumber } from './normalize-llm-options.js';

interface Waiter {
  tokens: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  /** Stops listening for the signal's abort; set while the waiter waits on a signal. */
  unlink: (() => void) | undefined;
}

const secondMs = 1000;
const minuteMs = 60_000;

/**
 * A request and token budget that one LLM or several share: `new RateLimiter({ requestsPerSecond: 5,
 * tokensPerMinute: 40_000 })`, then `createLLM(name, { rateLimit: limiter })`. Windows slide: no more than
 * `requestsPerSecond` requests start in any second, and no more than `tokensPerMinute` estimated tokens in
 * any minute (a single request above the token budget starts alone when the minute is empty). Waiters are
 * served in call order. Throws a RangeError for a budget that is not a positive number.
 */
export class RateLimiter implements RateLimiterLike {
  readonly #requestsPerSecond: number | undefined;
  readonly #tokensPerMinute: number | undefined;
  #requestTimes: number[] = [];
  #tokenEntries: Array<{ time: number; tokens: number }> = [];
  #tokensInWindow = 0;
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(options: RateLimitOptions) {
    this.#requestsPerSecond = checkNumber('requestsPerSecond', options?.requestsPerSecond, 'positive');
    this.#tokensPerMinute = checkNumber('tokensPerMinute', options?.tokensPerMinute, 'positive');
    if (this.#requestsPerSecond === undefined && this.#tokensPerMinute === undefined) {
      throw new RangeError('RateLimiter needs requestsPerSecond, tokensPerMinute or both');
    }
  }

  /** Waits until a request of `tokens` estimated tokens may start; an abort rejects with the signal's reason. */
  acquire(options: { tokens?: number; signal?: AbortSignal } = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        tokens: Math.max(0, options.tokens ?? 0),
        resolve,
        reject,
        signal,
        unlink: undefined,
      };
      if (signal !== undefined) {
        // Linked, not listened to directly: many waiters often share one signal (a batch's).
        waiter.unlink = linkAbortSignal(signal, () => {
          this.#waiters = this.#waiters.filter((candidate) => candidate !== waiter);
          reject(signal.reason);
          this.#pump();
        });
      }
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  #prune(now: number): void {
    let expired = 0;
    while (expired < this.#requestTimes.length && (this.#requestTimes[expired] as number) <= now - secondMs)
      expired += 1;
    if (expired > 0) this.#requestTimes.splice(0, expired);
    expired = 0;
    while (
      expired < this.#tokenEntries.length &&
      (this.#tokenEntries[expired] as { time: number }).time <= now - minuteMs
    ) {
      this.#tokensInWindow -= (this.#tokenEntries[expired] as { tokens: number }).tokens;
      expired += 1;
    }
    if (expired > 0) this.#tokenEntries.splice(0, expired);
  }

  // ms until `waiter` may start, 0 when it may start now.
  #waitFor(waiter: Waiter, now: number): number {
    let wait = 0;
    if (this.#requestsPerSecond !== undefined && this.#requestTimes.length >= this.#requestsPerSecond) {
      const index = this.#requestTimes.length - this.#requestsPerSecond;
      wait = Math.max(wait, (this.#requestTimes[index] as number) + secondMs - now);
    }
    if (this.#tokensPerMinute !== undefined && this.#tokenEntries.length > 0) {
      let excess = this.#tokensInWindow + waiter.tokens - this.#tokensPerMinute;
      for (const entry of this.#tokenEntries) {
        if (excess <= 0) break;
        excess -= entry.tokens;
        wait = Math.max(wait, entry.time + minuteMs - now);
      }
    }
    return wait;
  }

  #pump(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#waiters.length > 0) {
      const now = performance.now();
      this.#prune(now);
      const head = this.#waiters[0] as Waiter;
      const wait = this.#waitFor(head, now);
      if (wait > 0) {
        this.#timer = setTimeout(() => this.#pump(), Math.ceil(wait));
        return;
      }
      this.#waiters.shift();
      head.unlink?.();
      this.#requestTimes.push(now);
      if (head.tokens > 0) {
        this.#tokenEntries.push({ time: now, tokens: head.tokens });
        this.#tokensInWindow += head.tokens;
      }
      head.resolve();
    }
  }
}
