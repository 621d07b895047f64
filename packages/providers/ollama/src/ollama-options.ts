import type { ProviderCapabilities, ProviderSettings } from '@core/types';
import type { OllamaKeepAlive, OllamaThink } from './ollama-api.js';

/** The provider name in errors and events. */
export const ollamaProvider = 'ollama';

/** Ollama's own port; the native API lives under `/api`, so no `/v1` here. */
export const defaultOllamaBaseUrl = 'http://localhost:11434';

/** The env var read (once, in the factory) when `baseUrl` is not given. */
export const ollamaBaseUrlEnvironmentVariable = 'OLLAMA_BASE_URL';

/** The model the seed document uses; small enough for a laptop, and it thinks and calls tools. */
export const defaultOllamaModel = 'qwen3:4b';

/** ms an `unloadModel` request may take: unloading frees GPU memory, which can take a few seconds. */
export const unloadTimeoutMs = 60_000;

/** What Ollama does natively: tools, JSON Schema `format`, images and `/api/embed`. */
export const ollamaCapabilities: ProviderCapabilities = {
  tools: true,
  structuredOutput: 'json-schema',
  images: true,
  embeddings: true,
};

/**
 * Model families whose `think` takes a level (`'low'`, `'medium'`, `'high'`) rather than only on or off:
 * "GPT-OSS supports low, medium, and high" (docs.ollama.com/capabilities/thinking); ollama-js added levels
 * "for supported models (currently only the gpt-oss models)". Matched against the start of the model name's
 * last path segment (`gpt-oss:20b`, `hf.co/org/gpt-oss-20b-GGUF`).
 */
export const ollamaThinkLevelModels: readonly string[] = ['gpt-oss'];

/** Options `createLLM('ollama', …)` takes beyond the common ones. */
export interface OllamaOptions {
  model?: string;
  /** Default: `OLLAMA_BASE_URL`, then `http://localhost:11434` (no `/v1`). */
  baseUrl?: string;
  /** For a hosted or proxied Ollama: sent as `Authorization: Bearer <apiKey>`. Local Ollama needs none. */
  apiKey?: string;
  headers?: Record<string, string>;
  /** Sent as `think` on every chat request (a call's `reasoning`, then its `providerOptions.think`, wins). */
  think?: OllamaThink;
  /** Sent as `keep_alive` on every request: a duration string (`'10m'`, `'-1'`) or seconds. */
  keepAlive?: OllamaKeepAlive;
}

const thinkLevels = new Set(['low', 'medium', 'high', 'max']);

/** Reads and checks `think`; throws a TypeError naming the option when the value is not one Ollama takes. */
export function readThink(settings: ProviderSettings): OllamaThink | undefined {
  const value = settings.think;
  if (value === undefined) return undefined;
  if (typeof value === 'boolean' || (typeof value === 'string' && thinkLevels.has(value))) {
    return value as OllamaThink;
  }
  throw new TypeError(
    `ollama: think must be true, false, 'low', 'medium', 'high' or 'max', got ${JSON.stringify(value)}`,
  );
}

/** Reads and checks `keepAlive`; throws a TypeError naming the option for anything but a duration or seconds. */
export function readKeepAlive(settings: ProviderSettings): OllamaKeepAlive | undefined {
  const value = settings.keepAlive;
  if (value === undefined) return undefined;
  if (
    (typeof value === 'string' && value.trim() !== '') ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    return value;
  }
  throw new TypeError(
    `ollama: keepAlive must be a duration string such as '5m' or a number of seconds, got ${JSON.stringify(value)}`,
  );
}
