import type { AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';
import { ProviderAPIError } from './provider-api-error.js';

const marker = Symbol.for('abstractcore.error.AuthenticationError');

/** The provider refused the credentials (401, 403). Never retried. */
export class AuthenticationError extends ProviderAPIError {
  readonly [marker] = true;

  constructor(options: AbstractCoreErrorOptions) {
    super({ ...options, retryable: false });
    this.name = 'AuthenticationError';
  }

  static override isInstance(value: unknown): value is AuthenticationError {
    return hasMarker(value, marker);
  }
}
