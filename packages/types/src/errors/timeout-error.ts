import type { AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';
import { ProviderAPIError } from './provider-api-error.js';

const marker = Symbol.for('abstractcore.error.TimeoutError');

/**
 * Which limit elapsed: `total` is `timeout` on a non-stream call, `first-chunk` is `timeout` on a stream
 * that had not started, `idle` is `idleTimeout` between two chunks of a stream.
 */
export type TimeoutPhase = 'total' | 'first-chunk' | 'idle';

export interface TimeoutErrorOptions extends AbstractCoreErrorOptions {
  timeoutMs: number;
  phase: TimeoutPhase;
}

/** `timeout` or `idleTimeout` elapsed. Retryable only before the first chunk reached the caller. */
export class TimeoutError extends ProviderAPIError {
  readonly [marker] = true;
  /** The limit that elapsed, in ms. */
  readonly timeoutMs: number;
  readonly phase: TimeoutPhase;

  constructor(options: TimeoutErrorOptions) {
    super({ retryable: true, ...options });
    this.name = 'TimeoutError';
    this.timeoutMs = options.timeoutMs;
    this.phase = options.phase;
  }

  static override isInstance(value: unknown): value is TimeoutError {
    return hasMarker(value, marker);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs, phase: this.phase };
  }
}
