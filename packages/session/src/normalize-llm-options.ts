import type {
  LLMOptions,
  ProviderSettings,
  RateLimiterLike,
  RateLimitOptions,
  ReasoningOption,
  UnsupportedOptionsMode,
} from '@core/types';

/** The settings of one LLM that the pipeline reads, checked and frozen once by `createLLM`. */
export interface LlmSettings {
  readonly model: string | undefined;
  readonly temperature: number | undefined;
  readonly maxTokens: number | undefined;
  readonly topP: number | undefined;
  readonly topK: number | undefined;
  readonly stop: readonly string[] | undefined;
  readonly seed: number | undefined;
  readonly reasoning: ReasoningOption | undefined;
  readonly unsupportedOptions: UnsupportedOptionsMode;
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryInitialDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly maxConcurrency: number | undefined;
  readonly rateLimit: RateLimitOptions | RateLimiterLike | undefined;
  /** Whether calls are traced when an OpenTelemetry SDK is registered, and whether content is recorded. */
  readonly telemetry: { readonly enabled: boolean; readonly captureContent: boolean };
}

/** Defaults: openai-node's 10 minutes for a call; 2 minutes of silence ends a stream. */
export const defaultTimeoutMs = 600_000;
export const defaultIdleTimeoutMs = 120_000;
export const defaultMaxRetries = 2;
export const defaultRetryInitialDelayMs = 500;
export const defaultRetryMaxDelayMs = 60_000;

type NumberKind = 'number' | 'count' | 'positive' | 'duration' | 'delay';

/**
 * The longest wait a Node timer can take (2^31 - 1 ms, about 24.8 days). A longer one fires at once, with
 * a TimeoutOverflowWarning, so a longer duration means "no practical limit" and is capped to this.
 */
export const maxTimerMs = 2_147_483_647;

// A positive count (`checkNumber`'s 'positive' kind admits fractions).
function checkInteger(name: string, value: number | undefined): void {
  if (value !== undefined && !Number.isInteger(value))
    throw new RangeError(`${name} must be an integer, got ${value}`);
}

/**
 * Checks one numeric option; throws a TypeError or RangeError naming it. A `duration` is a positive number
 * of ms and a `delay` one that may be 0, both capped at `maxTimerMs`.
 */
export function checkNumber(name: string, value: unknown, kind: NumberKind): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${name} must be a number, got ${typeof value === 'number' ? 'NaN' : typeof value}`);
  }
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  if (kind === 'count' && !Number.isInteger(value))
    throw new RangeError(`${name} must be an integer, got ${value}`);
  if ((kind === 'positive' || kind === 'duration') && value === 0)
    throw new RangeError(`${name} must be greater than 0`);
  if (kind === 'duration' || kind === 'delay') return Math.min(value, maxTimerMs);
  return value;
}

/** Checks `stop`: a string or an array of non-empty strings. */
export function checkStop(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item.length === 0)) {
    throw new TypeError('stop must be a non-empty string or an array of non-empty strings');
  }
  return Object.freeze([...list]);
}

const efforts = new Set(['low', 'medium', 'high']);

/** Checks `reasoning`: `false`, or `{ effort?: 'low' | 'medium' | 'high', budgetTokens?: integer > 0 }`. */
export function checkReasoning(value: unknown): ReasoningOption | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(
      "reasoning must be false or { effort?: 'low' | 'medium' | 'high', budgetTokens?: number }",
    );
  }
  const { effort, budgetTokens, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new TypeError(`reasoning has no option ${unknown[0]}: use effort or budgetTokens`);
  if (effort !== undefined && (typeof effort !== 'string' || !efforts.has(effort))) {
    throw new TypeError(`reasoning.effort must be 'low', 'medium' or 'high', got ${JSON.stringify(effort)}`);
  }
  const budget = checkNumber('reasoning.budgetTokens', budgetTokens, 'count');
  if (budget === 0) throw new RangeError('reasoning.budgetTokens must be greater than 0');
  return Object.freeze({
    ...(effort === undefined ? {} : { effort: effort as 'low' | 'medium' | 'high' }),
    ...(budget === undefined ? {} : { budgetTokens: budget }),
  });
}

/** Checks `unsupportedOptions`: `'warn'` or `'error'`. */
export function checkUnsupportedOptions(value: unknown): UnsupportedOptionsMode | undefined {
  if (value === undefined || value === 'warn' || value === 'error') return value;
  throw new TypeError(`unsupportedOptions must be 'warn' or 'error', got ${JSON.stringify(value)}`);
}

/** Checks `headers`: a record of string values. */
export function checkHeaders(value: unknown): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('headers must be an object of string values');
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new TypeError(`headers.${key} must be a string`);
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

function checkRateLimit(value: unknown): RateLimitOptions | RateLimiterLike | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new TypeError('rateLimit must be { requestsPerSecond, tokensPerMinute } or a RateLimiter');
  }
  if (typeof (value as RateLimiterLike).acquire === 'function') return value as RateLimiterLike;
  const options = value as RateLimitOptions;
  return Object.freeze({
    requestsPerSecond: checkNumber('rateLimit.requestsPerSecond', options.requestsPerSecond, 'positive'),
    tokensPerMinute: checkNumber('rateLimit.tokensPerMinute', options.tokensPerMinute, 'positive'),
  });
}

const pipelineKeys = new Set([
  'temperature',
  'maxTokens',
  'topP',
  'topK',
  'stop',
  'seed',
  'reasoning',
  'unsupportedOptions',
  'timeout',
  'idleTimeout',
  'maxRetries',
  'retryInitialDelay',
  'retryMaxDelay',
  'maxConcurrency',
  'rateLimit',
  'telemetry',
]);

// Sockets beyond `maxConcurrency` for what does not wait at the gate (`health()`, `unloadModel()`), so a
// probe is never queued behind a long stream.
const probeSockets = 2;

function checkTelemetry(value: unknown): LlmSettings['telemetry'] {
  if (value === undefined) return { enabled: true, captureContent: false };
  if (value === false) return { enabled: false, captureContent: false };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('telemetry must be false or { captureContent?: boolean }');
  }
  const { captureContent, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new TypeError(`telemetry: unknown option ${unknown[0]} (known: captureContent)`);
  if (captureContent !== undefined && typeof captureContent !== 'boolean') {
    throw new TypeError('telemetry.captureContent must be a boolean');
  }
  return { enabled: true, captureContent: captureContent === true };
}

/**
 * Splits `createLLM` options into the pipeline's settings (checked, frozen) and the provider's settings
 * (model, baseUrl, apiKey, headers and anything provider-specific, passed on unchanged).
 */
export function normalizeLlmOptions(options: LLMOptions | undefined): {
  llm: LlmSettings;
  provider: ProviderSettings;
} {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('createLLM options must be an object');
  }
  const given = options ?? {};
  if (given.model !== undefined && (typeof given.model !== 'string' || given.model === '')) {
    throw new TypeError('model must be a non-empty string');
  }
  for (const key of ['baseUrl', 'apiKey'] as const) {
    if (given[key] !== undefined && typeof given[key] !== 'string')
      throw new TypeError(`${key} must be a string`);
  }
  const headers = checkHeaders(given.headers);
  const llm: LlmSettings = Object.freeze({
    model: given.model,
    temperature: checkNumber('temperature', given.temperature, 'number'),
    maxTokens: checkNumber('maxTokens', given.maxTokens, 'count'),
    topP: checkNumber('topP', given.topP, 'number'),
    topK: checkNumber('topK', given.topK, 'count'),
    stop: checkStop(given.stop),
    seed: checkNumber('seed', given.seed, 'count'),
    reasoning: checkReasoning(given.reasoning),
    unsupportedOptions: checkUnsupportedOptions(given.unsupportedOptions) ?? 'warn',
    timeoutMs: checkNumber('timeout', given.timeout, 'duration') ?? defaultTimeoutMs,
    idleTimeoutMs: checkNumber('idleTimeout', given.idleTimeout, 'duration') ?? defaultIdleTimeoutMs,
    maxRetries: checkNumber('maxRetries', given.maxRetries, 'count') ?? defaultMaxRetries,
    retryInitialDelayMs:
      checkNumber('retryInitialDelay', given.retryInitialDelay, 'delay') ?? defaultRetryInitialDelayMs,
    retryMaxDelayMs: checkNumber('retryMaxDelay', given.retryMaxDelay, 'delay') ?? defaultRetryMaxDelayMs,
    maxConcurrency: checkNumber('maxConcurrency', given.maxConcurrency, 'positive'),
    rateLimit: checkRateLimit(given.rateLimit),
    telemetry: checkTelemetry(given.telemetry),
  });
  checkInteger('maxConcurrency', llm.maxConcurrency);
  // Checked here, not only by the transport: the provider package (and its transport) loads at the first
  // call, and a bad value should fail at createLLM like every other option.
  checkInteger('connections', checkNumber('connections', given.connections, 'positive'));
  const provider: ProviderSettings = {};
  for (const [key, value] of Object.entries(given)) {
    if (!pipelineKeys.has(key) && value !== undefined) provider[key] = value;
  }
  if (headers !== undefined) provider.headers = headers;
  // At most `maxConcurrency` calls are in flight, so that many sockets serve them: a hard cap on what the
  // transport opens (it already waits for a socket about to come back rather than open another).
  if (llm.maxConcurrency !== undefined && provider.connections === undefined)
    provider.connections = llm.maxConcurrency + probeSockets;
  return { llm, provider: Object.freeze(provider) };
}
