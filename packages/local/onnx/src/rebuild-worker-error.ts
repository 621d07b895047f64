import {
  type AbstractCoreError,
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAPIError,
  ProviderConnectionError,
} from '@core/types';
import type { SerializedWorkerError } from './worker-messages.js';

/**
 * A worker's error as one of our classes, with the worker's own error (name and stack) as its `cause`:
 * Error objects lose their class crossing threads, so the kind travels as data and is rebuilt here.
 */
export function rebuildWorkerError(error: SerializedWorkerError, model: string): AbstractCoreError {
  const cause = new Error(error.message);
  if (error.name !== undefined) cause.name = error.name;
  if (error.stack !== undefined) cause.stack = error.stack;
  const options = { provider: 'onnx', model, message: error.message, code: error.code, cause };
  switch (error.kind) {
    case 'model-not-found':
      return new ModelNotFoundError(options);
    case 'connection':
      return new ProviderConnectionError(options);
    case 'context-length':
      return new ContextLengthError(options);
    case 'invalid-request':
      return new InvalidRequestError(options);
    case 'load-failed':
      // A file that is there but does not load fails the same way next time.
      return new ProviderAPIError({ ...options, retryable: false });
    default:
      return new ProviderAPIError({ ...options, retryable: false });
  }
}
