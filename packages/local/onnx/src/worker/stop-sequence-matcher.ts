/** What one piece of text amounts to once stop sequences are looked for. */
export interface StopMatch {
  /** Text that is safe to hand on: it contains no stop sequence and can start none. */
  text: string;
  /** A stop sequence was found; `text` ends right before it and generation should end. */
  stopped: boolean;
}

/** Finds stop sequences across pieces of text without re-scanning what was already emitted. */
export interface StopSequenceMatcher {
  push(piece: string): StopMatch;
  /** The text held back at the end (it began a stop sequence that never completed). */
  flush(): string;
}

/**
 * Holds back only the tail that could still begin a stop sequence (shorter than the longest one), so each
 * piece is matched against a few characters, not the whole text. With no stop sequences, text passes through.
 */
export function createStopSequenceMatcher(stops: readonly string[]): StopSequenceMatcher {
  const sequences = stops.filter((stop) => stop.length > 0);
  let held = '';

  // The longest suffix of `text` that is a proper prefix of some stop sequence.
  function heldTailLength(text: string): number {
    let longest = 0;
    for (const stop of sequences) {
      for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
        if (text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }

  return {
    push(piece) {
      if (sequences.length === 0) return { text: piece, stopped: false };
      const text = held + piece;
      let cut = -1;
      for (const stop of sequences) {
        const index = text.indexOf(stop);
        if (index !== -1 && (cut === -1 || index < cut)) cut = index;
      }
      if (cut !== -1) {
        held = '';
        return { text: text.slice(0, cut), stopped: true };
      }
      const keep = heldTailLength(text);
      held = text.slice(text.length - keep);
      return { text: text.slice(0, text.length - keep), stopped: false };
    },
    flush() {
      const rest = held;
      held = '';
      return rest;
    },
  };
}
