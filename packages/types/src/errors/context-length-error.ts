import type { AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';
import { InvalidRequestError } from './invalid-request-error.js';

const marker = Symbol.for('abstractcore.error.ContextLengthError');

/** The prompt does not fit in the model's context window. */
export class ContextLengthError extends InvalidRequestError {
  readonly [marker] = true;

  constructor(options: AbstractCoreErrorOptions) {
    super(options);
    this.name = 'ContextLengthError';
  }

  static override isInstance(value: unknown): value is ContextLengthError {
    return hasMarker(value, marker);
  }
}
