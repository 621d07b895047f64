import type { SerializedWorkerError, WorkerErrorKind, WorkerLoadSettings } from '../worker-messages.js';

/** A failure the worker recognised itself (the prompt is too long…), carrying its kind. */
export class WorkerRequestError extends Error {
  readonly kind: WorkerErrorKind;

  constructor(kind: WorkerErrorKind, message: string) {
    super(message);
    this.name = 'WorkerRequestError';
    this.kind = kind;
  }
}

/** What the worker was doing when it failed: loading files says more about a failure than running does. */
export type WorkerPhase = 'load' | 'run';

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);

function errorCode(error: unknown): string | undefined {
  for (
    let current = error, depth = 0;
    depth < 4 && typeof current === 'object' && current !== null;
    depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

// transformers.js names the file it looked for inside its message: `… not found locally at "<path>"`.
function missingFile(message: string): string | undefined {
  return /at "([^"]+)"/.exec(message)?.[1] ?? /(https?:\/\/\S+)/.exec(message)?.[1];
}

function describeSource(settings: WorkerLoadSettings): string {
  return settings.source.kind === 'directory' ? settings.source.path : settings.source.id;
}

/**
 * Any error a worker catches, as plain data with a kind the main thread maps onto our classes: missing
 * files are `model-not-found` (naming the file, and saying so when downloads are off), a file that is there
 * but does not load is `load-failed`, a failed download connection is `connection`.
 */
export function classifyWorkerError(
  error: unknown,
  phase: WorkerPhase,
  settings: WorkerLoadSettings,
): SerializedWorkerError {
  const original = error instanceof Error ? error : new Error(String(error));
  const base = { name: original.name, stack: original.stack };
  const message = original.message;
  if (original instanceof WorkerRequestError) {
    return { ...base, kind: original.kind, code: original.kind.replaceAll('-', '_'), message };
  }
  if (original.name === 'ModelFileNotFoundError') {
    if (settings.source.kind === 'hub' && !settings.allowRemoteModels) {
      return {
        ...base,
        kind: 'model-not-found',
        code: 'offline',
        message:
          `The ONNX model "${settings.source.id}" is not in the cache (${settings.cacheDir}), ` +
          'and downloads are off (ONNX_OFFLINE=1 or allowRemoteModels: false). Download it once with downloads ' +
          'allowed, or pass a local directory.',
      };
    }
    const file = missingFile(message);
    return {
      ...base,
      kind: 'model-not-found',
      code: 'model_not_found',
      message:
        file === undefined
          ? `The ONNX model ${describeSource(settings)} could not be found: ${message}`
          : `The ONNX model file ${file} was not found (model ${describeSource(settings)})`,
    };
  }
  const code = errorCode(original);
  if ((code !== undefined && connectionCodes.has(code)) || message === 'fetch failed') {
    return {
      ...base,
      kind: 'connection',
      code,
      message: `Downloading the ONNX model ${describeSource(settings)} failed: ${message}${code === undefined ? '' : ` (${code})`}`,
    };
  }
  if (phase === 'load') {
    return {
      ...base,
      kind: 'load-failed',
      code: 'model_load_failed',
      message: `The ONNX model ${describeSource(settings)} could not be loaded: ${message}`,
    };
  }
  return {
    ...base,
    kind: 'failed',
    code: 'generation_failed',
    message: `ONNX generation failed: ${message}`,
  };
}
