import { createColors } from 'picocolors';

/**
 * Where the CLI writes and how: colour and live displays (spinners, progress bars, redrawn lines) only on
 * an interactive terminal, never under `NO_COLOR`, `CI` or a pipe, so scripted output stays plain text.
 */
export interface Terminal {
  readonly interactive: boolean;
  readonly colors: ReturnType<typeof createColors>;
  /** Columns of the terminal (80 when unknown). */
  readonly width: number;
  line(text?: string): void;
  write(text: string): void;
  error(text: string): void;
}

/** The terminal of this process. */
export function createTerminal(output: NodeJS.WriteStream = process.stdout): Terminal {
  const environment = process.env;
  const interactive =
    output.isTTY === true &&
    environment.CI === undefined &&
    environment.TERM !== 'dumb' &&
    environment.NO_COLOR === undefined;
  const colorful = interactive || (environment.FORCE_COLOR !== undefined && environment.FORCE_COLOR !== '0');
  return {
    interactive,
    colors: createColors(colorful && environment.NO_COLOR === undefined),
    width: output.columns ?? 80,
    line: (text = '') => {
      output.write(`${text}\n`);
    },
    write: (text) => {
      output.write(text);
    },
    error: (text) => {
      process.stderr.write(`${text}\n`);
    },
  };
}

/** A duration for people: `850 ms`, `2.4 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One line of at most `width` characters, newlines folded into spaces. */
export function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}
