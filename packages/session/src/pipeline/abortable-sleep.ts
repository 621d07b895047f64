import { linkAbortSignal } from '@core/types';

/** Waits `delayMs`; an abort ends the wait at once and rejects with the signal's reason. */
export function abortableSleep(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    // Linked, not listened to directly: a batch's calls often wait for their retries under one signal.
    const unlink =
      signal === undefined
        ? undefined
        : linkAbortSignal(signal, () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
    const timer = setTimeout(() => {
      unlink?.();
      resolve();
    }, delayMs);
  });
}
