// One 'abort' listener per caller signal, shared by every call under it. Adding one listener per call would
// print MaxListenersExceededWarning once 11 calls share a signal (a batch under one AbortController), and
// AbortSignal.any leaks its dependants on a long-lived signal in Node 20 (about 1 KiB per call, measured).
let fanOuts: WeakMap<AbortSignal, Set<() => void>> | undefined;

/** Calls `listener` once when `signal` aborts; returns the function that unlinks it. */
export function linkAbortSignal(signal: AbortSignal, listener: () => void): () => void {
  fanOuts ??= new WeakMap();
  let listeners = fanOuts.get(signal);
  if (listeners === undefined) {
    const created = new Set<() => void>();
    listeners = created;
    fanOuts.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        fanOuts?.delete(signal);
        for (const each of created) each();
        created.clear();
      },
      { once: true },
    );
  }
  const linked = listeners;
  linked.add(listener);
  return () => {
    linked.delete(listener);
  };
}
