import { AbstractCoreError } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';

const marker = Symbol.for('abstractcore.error.ProviderNotInstalledError');

/** The provider is known but its package is not installed; the message gives the install command. */
export class ProviderNotInstalledError extends AbstractCoreError {
  readonly [marker] = true;
  readonly providerName: string;
  readonly packageName: string;

  constructor(options: { providerName: string; packageName: string; cause?: unknown }) {
    super({
      message:
        `Provider "${options.providerName}" needs the package ${options.packageName}, which is not installed. ` +
        `Install it with: npm install ${options.packageName}`,
      provider: options.providerName,
      retryable: false,
      cause: options.cause,
    });
    this.name = 'ProviderNotInstalledError';
    this.providerName = options.providerName;
    this.packageName = options.packageName;
  }

  static override isInstance(value: unknown): value is ProviderNotInstalledError {
    return hasMarker(value, marker);
  }
}
