import type { AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';
import { ProviderAPIError } from './provider-api-error.js';

const marker = Symbol.for('abstractcore.error.RateLimitError');

/** The provider throttled the call (429); `retryAfterMs` says how long it asked us to wait. */
export class RateLimitError extends ProviderAPIError {
  readonly [marker] = true;

  constructor(options: AbstractCoreErrorOptions) {
    super({ retryable: true, ...options });
    this.name = 'RateLimitError';
  }

  static override isInstance(value: unknown): value is RateLimitError {
    return hasMarker(value, marker);
  }
}
