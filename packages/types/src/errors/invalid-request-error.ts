import type { AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';
import { ProviderAPIError } from './provider-api-error.js';

const marker = Symbol.for('abstractcore.error.InvalidRequestError');

/** The provider rejected the request itself (400, 422, 404 for anything but the model). Never retried. */
export class InvalidRequestError extends ProviderAPIError {
  readonly [marker] = true;

  constructor(options: AbstractCoreErrorOptions) {
    super({ ...options, retryable: false });
    this.name = 'InvalidRequestError';
  }

  static override isInstance(value: unknown): value is InvalidRequestError {
    return hasMarker(value, marker);
  }
}
