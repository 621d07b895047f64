import type { Warning } from '../warning.js';
import type { AbstractCoreErrorOptions } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';
import { InvalidRequestError } from './invalid-request-error.js';

const marker = Symbol.for('abstractcore.error.UnsupportedOptionError');

/**
 * A call with `unsupportedOptions: 'error'` asked for options the provider cannot honour for the model at
 * hand; thrown before any request is sent. `warnings` names each one.
 */
export class UnsupportedOptionError extends InvalidRequestError {
  readonly [marker] = true;
  readonly warnings: readonly Warning[];

  constructor(options: AbstractCoreErrorOptions & { warnings: readonly Warning[] }) {
    super(options);
    this.name = 'UnsupportedOptionError';
    this.warnings = options.warnings;
  }

  static override isInstance(value: unknown): value is UnsupportedOptionError {
    return hasMarker(value, marker);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), warnings: this.warnings };
  }
}
