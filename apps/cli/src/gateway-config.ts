import { readFile } from 'node:fs/promises';
import { createLLM } from '@core/session';
import type { LLM, LLMOptions } from '@core/types';
import { z } from 'zod';
import { CliFailure } from './prepare-llm.js';
import { type ProviderChoice, providerSettingFlags } from './provider-flags.js';

const nonEmpty = z.string().min(1, 'must not be empty');

const providerSchema = z.strictObject({
  provider: nonEmpty,
  model: nonEmpty.optional(),
  baseUrl: nonEmpty.optional(),
  apiKey: nonEmpty.optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});

// What `serve --config` reads: named providers, optional fallback aliases, and the default provider's name.
const configSchema = z.strictObject({
  providers: z.record(
    z.string().regex(/^[^/]+$/, "a provider name must be non-empty and without '/'"),
    providerSchema,
  ),
  aliases: z.record(nonEmpty, z.array(nonEmpty).min(1, 'must list at least one "provider/model"')).optional(),
  default: nonEmpty.optional(),
});

/** One provider of a gateway file, as written (an `apiKey` of `$NAME` not yet read). */
export type GatewayProviderConfig = z.infer<typeof providerSchema>;

/** A gateway file, checked. */
export type GatewayConfig = z.infer<typeof configSchema>;

/** The LLMs and routing a gateway file describes, ready for `serve`. */
export interface Gateway {
  llms: Record<string, LLM>;
  aliases: Record<string, string[]> | undefined;
  defaultLlm: string | undefined;
  /** `name (provider · model)` per provider, for the start-up line. */
  labels: string[];
}

function fail(path: string, where: Array<PropertyKey>, message: string): CliFailure {
  const field = where.map(String).join('.');
  return new CliFailure(`${path}: ${field === '' ? '' : `${field}: `}${message}`);
}

/** Checks a parsed JSON value as a gateway file; throws a `CliFailure` naming the first bad field. */
export function checkGatewayConfig(path: string, value: unknown): GatewayConfig {
  const parsed = configSchema.safeParse(value, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'invalid_key') {
      // zod says only "Invalid key in record" and keeps the reason inside; name the key and give the reason.
      const key = String(issue.path.at(-1));
      throw fail(path, issue.path.slice(0, -1), `'${key}': ${issue.issues[0]?.message ?? 'invalid name'}`);
    }
    throw fail(path, issue?.path ?? [], issue?.message ?? 'invalid');
  }
  const config = parsed.data;
  const names = Object.keys(config.providers);
  if (names.length === 0) throw fail(path, ['providers'], 'must name at least one provider');
  const known = `known: ${names.join(', ')}`;
  if (config.default !== undefined && !names.includes(config.default)) {
    throw fail(path, ['default'], `'${config.default}' is not a provider (${known})`);
  }
  for (const [alias, targets] of Object.entries(config.aliases ?? {})) {
    targets.forEach((target, index) => {
      const slash = target.indexOf('/');
      if (slash <= 0) {
        throw fail(path, ['aliases', alias, index], `'${target}' must be "provider/model"`);
      }
      const name = target.slice(0, slash);
      if (!names.includes(name)) {
        throw fail(path, ['aliases', alias, index], `'${name}' is not a provider (${known})`);
      }
    });
  }
  return config;
}

/** Reads and checks a gateway file; throws a `CliFailure` of one line for a missing, unparsable or bad file. */
export async function readGatewayConfig(path: string): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(
      `${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read: ${(error as Error).message}`}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliFailure(`${path}: invalid JSON: ${(error as Error).message}`);
  }
  return checkGatewayConfig(path, value);
}

/** What errors about a gateway from repeated `--provider` flags name, where a file's name its path. */
export const providerFlagsSource = '--provider';

/**
 * The gateway that `serve`'s repeated `--provider [name=]provider` flags describe, checked as a file is (so its
 * errors read the same): each provider named by its `name=` or else its provider, the first the default.
 * `settings` (`--model`, `--base-url`, `--api-key`) go to the provider when there is one; with several they
 * would be ambiguous, so they are refused. Throws a one-line `CliFailure` for those and for a name given twice.
 */
export function gatewayConfigFromProviderFlags(
  values: readonly string[],
  settings: Omit<ProviderChoice, 'provider'>,
): GatewayConfig {
  const given = providerSettingFlags.filter(([key]) => settings[key] !== undefined);
  if (values.length > 1 && given.length > 0) {
    throw new CliFailure(
      `${given.map(([, flag]) => flag).join(', ')} would set only one of ${values.length} providers: ` +
        "give each provider's model, baseUrl and apiKey in a --config file, or leave them to the providers' environment variables",
    );
  }
  // Only the settings given: an explicit `undefined` is not what a file would hold.
  const entry = Object.fromEntries(given.map(([key]) => [key, settings[key]]));
  // A Map, not an object literal, so a name like `__proto__` stays a name.
  const providers = new Map<string, GatewayProviderConfig>();
  for (const value of values) {
    const equals = value.indexOf('=');
    const name = equals === -1 ? value : value.slice(0, equals);
    const provider = equals === -1 ? value : value.slice(equals + 1);
    if (providers.has(name)) {
      throw new CliFailure(
        `${providerFlagsSource}: '${name}' names two providers: give each its own name, e.g. --provider ${name}2=${provider}`,
      );
    }
    providers.set(name, { ...entry, provider });
  }
  const [first] = providers.keys();
  return checkGatewayConfig(providerFlagsSource, {
    providers: Object.fromEntries(providers),
    ...(first === undefined ? {} : { default: first }),
  });
}

/** `$NAME` reads the environment variable NAME; any other value is the key itself. */
function resolveApiKey(path: string, name: string, apiKey: string | undefined): string | undefined {
  if (apiKey === undefined || !apiKey.startsWith('$')) return apiKey;
  const variable = apiKey.slice(1);
  const value = process.env[variable];
  if (value === undefined || value === '') {
    throw fail(path, ['providers', name, 'apiKey'], `environment variable ${variable} is not set`);
  }
  return value;
}

/** Makes the LLM of every provider of a checked file; throws a `CliFailure` naming a provider createLLM refuses. */
export function createGateway(path: string, config: GatewayConfig): Gateway {
  // Every `$NAME` key is read before any LLM is made, so a missing variable leaves nothing to clean up.
  const entries = Object.entries(config.providers).map(([name, entry]) => {
    const apiKey = resolveApiKey(path, name, entry.apiKey);
    const options: LLMOptions = {
      ...(entry.options as LLMOptions | undefined),
      ...(entry.model === undefined ? {} : { model: entry.model }),
      ...(entry.baseUrl === undefined ? {} : { baseUrl: entry.baseUrl }),
      ...(apiKey === undefined ? {} : { apiKey }),
    };
    return { name, provider: entry.provider, options };
  });
  const llms: Record<string, LLM> = {};
  const labels: string[] = [];
  for (const { name, provider, options } of entries) {
    let llm: LLM;
    try {
      llm = createLLM(provider, options);
    } catch (error) {
      for (const made of Object.values(llms)) made.unloadModel().catch(() => {});
      const message =
        error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
      throw fail(path, ['providers', name], message);
    }
    llms[name] = llm;
    labels.push(`${name} (${provider} · ${llm.model ?? 'default model'})`);
  }
  return {
    llms,
    aliases: config.aliases,
    defaultLlm: config.default,
    labels,
  };
}
