import { registerSecret } from './redact-secrets.js';

/** Where `loadSetting` looks, in order: the option, then the env var. */
export interface LoadSettingOptions {
  /** The provider name, for the error a wrong type gets. */
  provider: string;
  /** The env var read when the option is absent (read now, once). */
  env?: string;
  /** The value when neither the option nor the env var gives one. */
  default?: string;
}

/**
 * The one way a provider reads a string setting: `settings[key]`, then `options.env`, then
 * `options.default`. One rule for every provider: an absent or empty value (option or env var) counts as not
 * given; any other non-string value is a `TypeError` naming the provider and the option, never ignored.
 */
export function loadSetting(
  settings: Readonly<Record<string, unknown>>,
  key: string,
  options: LoadSettingOptions,
): string | undefined {
  const value = settings[key];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new TypeError(`${options.provider}: ${key} must be a string`);
  }
  if (typeof value === 'string' && value !== '') return value;
  if (options.env !== undefined) {
    const fromEnvironment = process.env[options.env];
    if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  }
  return options.default;
}

/**
 * Reads the API key like `loadSetting` (`apiKey`, then `env`) and registers it as a secret, so no error,
 * log or saved file can carry it. With `required`, a missing key is a `TypeError` that names the env var.
 */
export function loadApiKey(
  settings: Readonly<Record<string, unknown>>,
  options: { provider: string; env?: string; required?: boolean },
): string | undefined {
  const apiKey = loadSetting(settings, 'apiKey', options);
  if (apiKey === undefined && options.required === true) {
    throw new TypeError(
      `${options.provider}: an API key is required: pass { apiKey } to createLLM${options.env === undefined ? '' : ` or set ${options.env}`}`,
    );
  }
  registerSecret(apiKey);
  return apiKey;
}

/** A boolean setting: absent is `undefined`; anything but a boolean is a `TypeError` naming the option. */
export function loadBooleanSetting(
  settings: Readonly<Record<string, unknown>>,
  key: string,
  provider: string,
): boolean | undefined {
  const value = settings[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new TypeError(`${provider}: ${key} must be a boolean`);
  return value;
}
