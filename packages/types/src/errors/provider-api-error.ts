import { AbstractCoreError, type AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';

const marker = Symbol.for('abstractcore.error.ProviderAPIError');

/** Any failed call to a provider (5xx, 529, unknown statuses); catch it for "the call failed". */
export class ProviderAPIError extends AbstractCoreError {
  readonly [marker] = true;

  constructor(options: AbstractCoreErrorOptions) {
    super(options);
    this.name = 'ProviderAPIError';
  }

  static override isInstance(value: unknown): value is ProviderAPIError {
    return hasMarker(value, marker);
  }
}
