import type { AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';
import { ProviderAPIError } from './provider-api-error.js';

const marker = Symbol.for('abstractcore.error.ModelNotFoundError');

/** The model does not exist at the provider (404 for the model), or a local model path is missing. */
export class ModelNotFoundError extends ProviderAPIError {
  readonly [marker] = true;

  constructor(options: AbstractCoreErrorOptions) {
    super({ ...options, retryable: false });
    this.name = 'ModelNotFoundError';
  }

  static override isInstance(value: unknown): value is ModelNotFoundError {
    return hasMarker(value, marker);
  }
}
