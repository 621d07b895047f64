/**
 * Ends text at the first stop sequence, for servers that ignore `stop`. Providers that honour it never
 * send one, so the cut is a no-op there. Streams hold back only as many characters as could begin a
 * stop sequence, and only when `stop` was given.
 */
export function cutAtStop(text: string, stop: readonly string[]): { text: string; stopped: boolean } {
  let end = -1;
  for (const sequence of stop) {
    const index = text.indexOf(sequence);
    if (index !== -1 && (end === -1 || index < end)) end = index;
  }
  return end === -1 ? { text, stopped: false } : { text: text.slice(0, end), stopped: true };
}

/** A stateful cutter for streamed text. */
export interface StopSequenceCutter {
  /** Takes the next piece; returns the text safe to emit now and whether a stop sequence was reached. */
  push(piece: string): { text: string; stopped: boolean };
  /** The held-back tail, once the stream ended without reaching a stop sequence. */
  flush(): string;
}

export function createStopSequenceCutter(stop: readonly string[]): StopSequenceCutter {
  const holdBack = Math.max(...stop.map((sequence) => sequence.length)) - 1;
  let pending = '';
  return {
    push(piece) {
      const window = pending + piece;
      const cut = cutAtStop(window, stop);
      if (cut.stopped) {
        pending = '';
        return cut;
      }
      const safeLength = Math.max(0, window.length - holdBack);
      pending = window.slice(safeLength);
      return { text: window.slice(0, safeLength), stopped: false };
    },
    flush() {
      const rest = pending;
      pending = '';
      return rest;
    },
  };
}
