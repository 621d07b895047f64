import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { loadBooleanSetting, loadSetting, type ProviderSettings } from '@core/types';
import type { OnnxLoadProgress } from './worker-messages.js';

/**
 * The model used when neither the options nor `ONNX_MODEL` name one: Qwen2.5 0.5B Instruct in the
 * onnx-community ONNX export, a small chat model transformers.js runs on CPU.
 */
export const defaultOnnxModel = 'onnx-community/Qwen2.5-0.5B-Instruct';

/**
 * The dtype used for `defaultOnnxModel` when none is given: `q8` (`onnx/model_quantized.onnx`, ~500 MB),
 * the quickest of its exports on CPU (q4 is larger there, 786 MB, because its embeddings stay fp32).
 */
export const defaultOnnxModelDtype = 'q8';

/** New tokens generated when a call gives no `maxTokens`. */
export const defaultOnnxMaxTokens = 512;

/** Generations one worker batches together when `maxBatchSize` is not given. */
export const defaultOnnxMaxBatchSize = 8;

/** Options of `createLLM('onnx', …)` beyond the common ones. */
export interface OnnxOptions {
  /** A local directory in transformers.js layout, or a hub id; `ONNX_MODEL` when omitted, then `defaultOnnxModel`. */
  model?: string;
  /** Worker threads per model (default 1); each batches its own requests (see `batching`). */
  workers?: number;
  /**
   * Continuous batching in each worker (default true): requests join and leave a running batch between
   * forward passes. Models that cannot be batched run one sequence at a time anyway; `false` forces that.
   */
  batching?: boolean;
  /** The most generations one worker batches together (default 8). */
  maxBatchSize?: number;
  /** ONNX Runtime intra-op threads per worker (default: the cores divided among the workers, at least 1). */
  threads?: number;
  /** Download hub models that are not cached (default true); `false` or `ONNX_OFFLINE=1` never downloads. */
  allowRemoteModels?: boolean;
  /** Where downloaded models are cached (default `~/.cache/abstractcore/onnx`). */
  cacheDir?: string;
  /** The hub host for downloads (default `https://huggingface.co/`), e.g. a mirror; files are fetched from `{host}/{model}/resolve/{revision}/{file}`. */
  remoteHost?: string;
  /** transformers.js dtype (`fp32`, `fp16`, `q8`, `int8`, `uint8`, `q4`, `q4f16`, `bnb4`) or one per session. */
  dtype?: string | Record<string, string>;
  /** The hub revision (branch, tag or commit) to download (default `main`). */
  revision?: string;
  /** Called as model files load (and download), for a progress bar; the pipeline's events cannot carry this. */
  onProgress?: (progress: OnnxLoadProgress) => void;
}

/** The adapter's settings, checked once in the factory. */
export interface OnnxSettings {
  readonly defaultModel: string;
  readonly workers: number;
  readonly threads: number;
  readonly batching: boolean;
  readonly maxBatchSize: number;
  readonly allowRemoteModels: boolean;
  readonly cacheDir: string;
  readonly remoteHost: string | undefined;
  readonly dtype: string | Readonly<Record<string, string>> | undefined;
  readonly revision: string | undefined;
  readonly onProgress: ((progress: OnnxLoadProgress) => void) | undefined;
}

function readCount(settings: ProviderSettings, key: string): number | undefined {
  const value = settings[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`onnx: ${key} must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}

function readDtype(settings: ProviderSettings): string | Readonly<Record<string, string>> | undefined {
  const value = settings.dtype;
  // The loaders' rule: absent or empty is not given.
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.every(([, item]) => typeof item === 'string' && item !== '')) {
      return Object.freeze(Object.fromEntries(entries) as Record<string, string>);
    }
  }
  throw new TypeError('onnx: dtype must be a string (q8, q4, fp32…) or an object of strings per session');
}

function isTruthy(value: string | undefined): boolean {
  const normalized = value?.trim().toLowerCase();
  return normalized !== undefined && normalized !== '' && !['0', 'false', 'no', 'off'].includes(normalized);
}

/**
 * Reads the options and the environment (`ONNX_MODEL`, `ONNX_OFFLINE`) once, string and boolean options
 * through `loadSetting` / `loadBooleanSetting` (an empty string is absent). Throws a TypeError or
 * RangeError naming a bad option.
 */
export function resolveOnnxSettings(
  settings: ProviderSettings,
  environment: NodeJS.ProcessEnv = process.env,
): OnnxSettings {
  const provider = 'onnx';
  // loadSetting reads process.env itself; reading `environment` as a record of settings keeps its one rule
  // (empty is absent) for the env vars too, and lets a test pass its own environment.
  const model =
    loadSetting(settings, 'model', { provider }) ??
    loadSetting(environment, 'ONNX_MODEL', { provider }) ??
    defaultOnnxModel;
  const workers = readCount(settings, 'workers') ?? 1;
  // Workers × threads stays within the cores: more would have the workers' thread pools fight for them.
  const threads = readCount(settings, 'threads') ?? Math.max(1, Math.floor(availableParallelism() / workers));
  const allowRemote = loadBooleanSetting(settings, 'allowRemoteModels', provider);
  const batching = loadBooleanSetting(settings, 'batching', provider);
  const offline = isTruthy(loadSetting(environment, 'ONNX_OFFLINE', { provider }));
  const remoteHost = loadSetting(settings, 'remoteHost', { provider });
  if (remoteHost !== undefined && !URL.canParse(remoteHost)) {
    throw new TypeError(`onnx: remoteHost must be a URL, got ${remoteHost}`);
  }
  const onProgress = settings.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError('onnx: onProgress must be a function');
  }
  return Object.freeze({
    defaultModel: model,
    workers,
    threads,
    batching: batching !== false,
    maxBatchSize: readCount(settings, 'maxBatchSize') ?? defaultOnnxMaxBatchSize,
    // Either switch makes it strictly offline: the env var is the operator's override of the code.
    allowRemoteModels: allowRemote !== false && !offline,
    cacheDir:
      loadSetting(settings, 'cacheDir', { provider }) ?? join(homedir(), '.cache', 'abstractcore', 'onnx'),
    remoteHost:
      remoteHost === undefined ? undefined : remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`,
    dtype: readDtype(settings),
    revision: loadSetting(settings, 'revision', { provider }),
    onProgress: onProgress as OnnxSettings['onProgress'],
  });
}

/** The dtype a model loads with: the option, else `q8` for `defaultOnnxModel`, else what the model's config says. */
export function dtypeForModel(
  settings: OnnxSettings,
  model: string,
): string | Readonly<Record<string, string>> | undefined {
  return settings.dtype ?? (model === defaultOnnxModel ? defaultOnnxModelDtype : undefined);
}
