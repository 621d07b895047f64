import type { BatchError } from './batch-types.js';

/**
 * The stored form of a failure: the class name (`RateLimitError`, `InvalidRequestError`, …), the provider's
 * code when the error has one, and the message (our errors already hold no keys or headers in it).
 */
export function describeError(error: unknown): BatchError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, code: typeof code === 'string' ? code : null, message: error.message };
  }
  return { name: 'Error', code: null, message: String(error) };
}
