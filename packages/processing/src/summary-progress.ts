/** Progress of one summary: model calls done and needed (one per part, plus the calls that combine them). */
export interface SummaryProgress {
  completed: number;
  /** Known once the document is split; grows when the partial summaries must be combined in rounds. */
  total: number;
}

/** Counts one model call done and reports it; a progress callback cannot change the summary's outcome. */
export interface ProgressCounter {
  expect(calls: number): void;
  done(): void;
}

/** A counter that reports to `onProgress` (if any) each time the expected or completed calls change. */
export function createProgressCounter(
  onProgress: ((progress: SummaryProgress) => void) | undefined,
): ProgressCounter {
  const progress = { completed: 0, total: 0 };
  const report = (): void => {
    try {
      onProgress?.({ ...progress });
    } catch {
      // Like gather's onProgress: a failing progress display must not fail or stop the summary.
    }
  };
  return {
    expect(calls) {
      progress.total += calls;
      report();
    },
    done() {
      progress.completed += 1;
      report();
    },
  };
}
