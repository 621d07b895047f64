import type { ProviderSettings } from '@core/types';

/** Where requests go when neither the `baseUrl` option nor `OPENAI_BASE_URL` says otherwise. */
export const openAIDefaultBaseUrl = 'https://api.openai.com/v1';

/** The env var read for the base URL when the `baseUrl` option is absent. */
export const openAIBaseUrlEnv = 'OPENAI_BASE_URL';

/** The env var read for the API key when the `apiKey` option is absent. */
export const openAIApiKeyEnv = 'OPENAI_API_KEY';

/** The chat model used when neither `createLLM` nor the call names one (the seed's choice). */
export const openAIDefaultModel = 'gpt-4o-mini';

/** The model `embed()` uses when it is not given an embedding model. */
export const openAIDefaultEmbeddingModel = 'text-embedding-3-small';

/** Options `createLLM('openai', …)` takes beyond the common ones. */
export interface OpenAIOptions {
  model?: string;
  /** Default: `OPENAI_BASE_URL`, then https://api.openai.com/v1. */
  baseUrl?: string;
  /** Default: `OPENAI_API_KEY`; one of the two is required. */
  apiKey?: string;
  /** Sent as the `OpenAI-Organization` header. */
  organization?: string;
  /** Sent as the `OpenAI-Project` header. */
  project?: string;
  /** Sent as `reasoning_effort` to reasoning models (`minimal`, `low`, `medium`, `high`, …). */
  reasoningEffort?: string;
  /** Forces (true) or disables (false) the reasoning-model rules, for model names the detection does not know. */
  reasoningModel?: boolean;
  /** The model `embed()` uses when not given one; default `text-embedding-3-small`. */
  embeddingModel?: string;
  headers?: Record<string, string>;
}

/** Settings read once, when the adapter is made: options first, then env vars, then defaults. */
export interface ResolvedOpenAISettings {
  baseUrl: string;
  apiKey: string;
  /** The default chat model. */
  model: string;
  embeddingModel: string;
  /** `OpenAI-Organization` / `OpenAI-Project` and the user's headers; the key is not among them. */
  headers: Record<string, string>;
  reasoningEffort: string | undefined;
  reasoningModel: boolean | undefined;
}

function readOption(settings: ProviderSettings, name: keyof OpenAIOptions): string | undefined {
  const value = settings[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new TypeError(`openai: ${name} must be a string`);
  return value;
}

function readEnvironment(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Resolves the OpenAI settings once: `baseUrl` option, then `OPENAI_BASE_URL`, then the default; `apiKey`
 * option, then `OPENAI_API_KEY`. Throws a TypeError naming `OPENAI_API_KEY` when there is no key, and a
 * TypeError naming the option when one has the wrong type.
 */
export function resolveOpenAISettings(settings: ProviderSettings): ResolvedOpenAISettings {
  const apiKey = readOption(settings, 'apiKey') ?? readEnvironment(openAIApiKeyEnv);
  if (apiKey === undefined) {
    throw new TypeError(
      `openai: an API key is required: pass { apiKey } to createLLM or set ${openAIApiKeyEnv}`,
    );
  }
  const reasoningModel = settings.reasoningModel;
  if (reasoningModel !== undefined && typeof reasoningModel !== 'boolean') {
    throw new TypeError('openai: reasoningModel must be a boolean');
  }
  const headers: Record<string, string> = {};
  const organization = readOption(settings, 'organization');
  const project = readOption(settings, 'project');
  if (organization !== undefined) headers['OpenAI-Organization'] = organization;
  if (project !== undefined) headers['OpenAI-Project'] = project;
  Object.assign(headers, settings.headers);
  return {
    baseUrl: readOption(settings, 'baseUrl') ?? readEnvironment(openAIBaseUrlEnv) ?? openAIDefaultBaseUrl,
    apiKey,
    model: readOption(settings, 'model') ?? openAIDefaultModel,
    embeddingModel: readOption(settings, 'embeddingModel') ?? openAIDefaultEmbeddingModel,
    headers,
    reasoningEffort: readOption(settings, 'reasoningEffort'),
    reasoningModel,
  };
}
