import { AbstractCoreError } from './abstract-core-error.js';
import { hasMarker } from './error-marker.js';

const marker = Symbol.for('abstractcore.error.UnknownProviderError');

/** `createLLM` was given a provider name nobody registered; the message lists the known ones. */
export class UnknownProviderError extends AbstractCoreError {
  readonly [marker] = true;
  readonly providerName: string;
  readonly knownProviders: readonly string[];

  constructor(options: { providerName: string; knownProviders: readonly string[] }) {
    super({
      message: `Unknown provider "${options.providerName}". Known providers: ${options.knownProviders.join(', ')}.`,
      retryable: false,
    });
    this.name = 'UnknownProviderError';
    this.providerName = options.providerName;
    this.knownProviders = options.knownProviders;
  }

  static override isInstance(value: unknown): value is UnknownProviderError {
    return hasMarker(value, marker);
  }
}
