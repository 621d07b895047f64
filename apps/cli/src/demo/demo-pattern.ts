import type { LLM } from '@core/types';
import type { PreparedLlm } from '../prepare-llm.js';
import type { Terminal } from '../terminal.js';

/** What every pattern gets: the LLM, the terminal and the demo's settings. */
export interface DemoContext {
  readonly prepared: PreparedLlm;
  readonly llm: LLM;
  readonly terminal: Terminal;
  /** New tokens per answer: small, so a local model keeps the demo quick. */
  readonly maxTokens: number;
  /** Other LLMs to compare against (`--compare`), already checked to answer. */
  readonly others: PreparedLlm[];
}

/** One of the seed's patterns, run live. */
export interface DemoPattern {
  /** The name `--only` takes. */
  readonly name: string;
  readonly title: string;
  /** One sentence: what the pattern shows. */
  readonly shows: string;
  /** Runs the pattern; resolves to a one-line reason when the provider lacks what it needs. */
  run(context: DemoContext): Promise<undefined | { skipped: string }>;
}

/** The first line of an answer, for printing. */
export function firstLine(text: string, width: number): string {
  const line =
    text
      .trim()
      .split('\n')
      .find((candidate) => candidate.trim() !== '') ?? '';
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
