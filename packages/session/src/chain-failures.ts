import { AbstractCoreError, redactSecrets } from '@core/types';

// Deep enough for any real chain (error → undici error → system error); bounds a cycle someone built by hand.
const maximumChainDepth = 16;

function isErrorObject(value: unknown): value is Error {
  return typeof value === 'object' && value !== null;
}

// Our classes redact when built; anything else (a TypeError from a custom LLM) is redacted in place, so it
// keeps its class, which a copy would lose.
function redactInPlace(error: Error): void {
  if (AbstractCoreError.isInstance(error)) return;
  try {
    if (typeof error.message === 'string') {
      const message = redactSecrets(error.message);
      if (message !== error.message) error.message = message;
    }
    if (typeof error.stack === 'string') {
      const stack = redactSecrets(error.stack);
      if (stack !== error.stack) error.stack = stack;
    }
  } catch {
    // A frozen error keeps its text; it came from a call that never had our keys.
  }
}

function chainHolds(start: unknown, target: unknown): boolean {
  let link = start;
  for (let depth = 0; depth < maximumChainDepth && isErrorObject(link); depth++) {
    if (link === target) return true;
    link = (link as { cause?: unknown }).cause;
  }
  return false;
}

// Appends `earlier` at the end of `error`'s own cause chain, so its transport cause (undici's ECONNREFUSED)
// stays where it was and the earlier failure follows it. Returns false when the chain cannot take it.
function appendCause(error: Error, earlier: unknown): boolean {
  if (chainHolds(earlier, error)) return false; // the same error thrown twice: no cycle
  let link: Error = error;
  const seen = new Set<unknown>([error]);
  for (let depth = 0; depth < maximumChainDepth; depth++) {
    const next = (link as { cause?: unknown }).cause;
    if (next === earlier) return true;
    if (!isErrorObject(next)) break;
    if (seen.has(next)) return false;
    seen.add(next);
    link = next;
  }
  if ((link as { cause?: unknown }).cause !== undefined) return false;
  try {
    // Non-enumerable, as `new Error(message, { cause })` makes it: `JSON.stringify` stays as it was.
    Object.defineProperty(link, 'cause', {
      value: earlier,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * The error a failed fallback chain throws: the last failure itself (its class and identity kept), with the
 * earlier failures, latest first, appended to its `cause` chain. A thrown non-object becomes an
 * `AbstractCoreError` carrying the chain.
 */
export function chainFailures(failures: readonly unknown[]): unknown {
  let chained: unknown;
  for (const failure of failures) {
    if (isErrorObject(failure)) {
      redactInPlace(failure);
      if (chained !== undefined) appendCause(failure, chained);
      chained = failure;
    } else {
      chained = new AbstractCoreError({
        message: String(failure),
        ...(chained === undefined ? {} : { cause: chained }),
      });
    }
  }
  return chained;
}
