import type { SummaryProgress } from './summary-progress.js';
import { type SummaryLength, type SummaryStyle, summaryLengths, summaryStyles } from './summary-styles.js';

/** Options of `Summarizer#summarize`. */
export interface SummarizeOptions {
  /** How the summary is written (default `structured`); see `summaryStyles`. */
  style?: SummaryStyle;
  /** How long it is (default `standard`); see `summaryLengths`. */
  length?: SummaryLength;
  /** A topic or question the summary should concentrate on. */
  focus?: string;
  /** The model's context window in tokens; overrides the Summarizer's and the known-model table. */
  contextTokens?: number;
  /** The most tokens one answer may take (default: by length, at most a quarter of the context window). */
  maxTokens?: number;
  /** Called with `{ completed, total }` when the document has been split and after each model call. */
  onProgress?: (progress: SummaryProgress) => void;
  signal?: AbortSignal;
}

/** `SummarizeOptions` checked, with defaults applied. */
export interface SummarizeSettings {
  style: SummaryStyle;
  length: SummaryLength;
  focus: string | undefined;
  contextTokens: number | undefined;
  maxTokens: number | undefined;
  onProgress: ((progress: SummaryProgress) => void) | undefined;
  signal: AbortSignal | undefined;
}

function oneOf<Value extends string>(
  name: string,
  value: unknown,
  allowed: readonly Value[],
  fallback: Value,
): Value {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as Value;
  throw new RangeError(`summarize: ${name} must be one of ${allowed.join(', ')}; got ${String(value)}`);
}

/** Checks a token count option: undefined, or an integer >= 1; throws a RangeError naming it. */
export function checkTokenCount(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be an integer number of tokens >= 1; got ${String(value)}`);
  }
  return value;
}

/** Checks `summarize` options once, at the entry; throws a TypeError or RangeError naming the bad option. */
export function normalizeSummarizeOptions(options: SummarizeOptions | undefined): SummarizeSettings {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('summarize: options must be an object');
  }
  const given = options ?? {};
  if (given.focus !== undefined && (typeof given.focus !== 'string' || given.focus.trim() === '')) {
    throw new TypeError('summarize: focus must be a non-empty string');
  }
  if (given.onProgress !== undefined && typeof given.onProgress !== 'function') {
    throw new TypeError('summarize: onProgress must be a function');
  }
  if (given.signal !== undefined && !(given.signal instanceof AbortSignal)) {
    throw new TypeError('summarize: signal must be an AbortSignal');
  }
  return {
    style: oneOf('style', given.style, summaryStyles, 'structured'),
    length: oneOf('length', given.length, summaryLengths, 'standard'),
    focus: given.focus?.trim(),
    contextTokens: checkTokenCount('summarize: contextTokens', given.contextTokens),
    maxTokens: checkTokenCount('summarize: maxTokens', given.maxTokens),
    onProgress: given.onProgress,
    signal: given.signal,
  };
}
