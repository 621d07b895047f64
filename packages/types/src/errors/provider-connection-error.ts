import type { AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';
import { ProviderAPIError } from './provider-api-error.js';

const marker = Symbol.for('abstractcore.error.ProviderConnectionError');

/** The connection failed (refused, reset, DNS, TLS) or a stream broke mid-way. Retryable before the first chunk. */
export class ProviderConnectionError extends ProviderAPIError {
  readonly [marker] = true;

  constructor(options: AbstractCoreErrorOptions) {
    super({ retryable: true, ...options });
    this.name = 'ProviderConnectionError';
  }

  static override isInstance(value: unknown): value is ProviderConnectionError {
    return hasMarker(value, marker);
  }
}
