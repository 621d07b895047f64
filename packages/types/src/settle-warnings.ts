import { UnsupportedOptionError } from './errors/unsupported-option-error.js';
import type { ProviderRequest } from './provider-adapter.js';
import type { Warning } from './warning.js';

/** An option the provider cannot honour for this request, as a `Warning`. */
export function unsupportedOption(provider: string, option: string, message: string): Warning {
  return { type: 'unsupported-option', provider, option, message };
}

/**
 * What an adapter does with the warnings of a request it has built, before sending it: with
 * `unsupportedOptions: 'error'`, options it cannot honour are an `UnsupportedOptionError` naming each one
 * (nothing is sent); otherwise the warnings are returned for the result, `undefined` when there are none.
 */
export function settleWarnings(
  provider: string,
  request: Pick<ProviderRequest, 'model' | 'unsupportedOptions'>,
  warnings: readonly Warning[],
): Warning[] | undefined {
  if (warnings.length === 0) return undefined;
  if (request.unsupportedOptions === 'error') {
    const unsupported = warnings.filter((warning) => warning.type === 'unsupported-option');
    if (unsupported.length > 0) {
      throw new UnsupportedOptionError({
        provider,
        model: request.model,
        message: `${provider} cannot honour ${unsupported.length === 1 ? 'an option' : 'options'} of this call (unsupportedOptions: 'error'): ${unsupported.map((warning) => warning.message).join('; ')}`,
        warnings: unsupported,
      });
    }
  }
  return [...warnings];
}
