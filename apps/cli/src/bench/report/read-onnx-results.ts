import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from './format-tables.js';

/** What the report says about `@local/onnx`'s own bench. */
export interface OnnxResults {
  status: 'included' | 'not run' | 'unreadable';
  /** The results file, relative to the workspace root. */
  path: string;
  /** When the onnx bench wrote it (ISO), and that time said relative to this suite's start. */
  date?: string;
  age?: string;
  reason?: string;
  table?: Table;
  /** The file's whole content, kept in benchmarks.json as the onnx bench wrote it. */
  raw?: unknown;
}

/** Where `@local/onnx`'s `bench` script writes its JSON when `BENCH_OUTPUT` is not set. */
export const onnxResultsPath = join('packages', 'local', 'onnx', 'bench', 'results.json');

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  if (typeof value === 'number') return String(value);
  return '';
}

function describeAge(writtenMs: number, runStartedAt: Date): string {
  if (!Number.isFinite(writtenMs)) return 'at an unknown time';
  const minutes = (runStartedAt.getTime() - writtenMs) / 60_000;
  if (minutes <= 0) return 'while this suite ran';
  if (minutes < 90) return `${Math.max(1, Math.round(minutes))} min before this suite started`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h before this suite started`;
  return `${Math.round(minutes / (24 * 60))} days before this suite started`;
}

/**
 * Reads the onnx bench's results (tokens/s and event-loop delay against direct transformers.js) so this
 * report includes them. Within one `pnpm bench`, turbo runs the two `bench` tasks in either order unless
 * apps/cli's task depends on `^bench`, so the report says when the file was written relative to this
 * suite's start. A missing file is `not run`.
 */
export function readOnnxResults(workspaceRoot: string, runStartedAt: Date): OnnxResults {
  const file = join(workspaceRoot, onnxResultsPath);
  if (!existsSync(file)) return { status: 'not run', path: onnxResultsPath, reason: 'no results file' };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      status: 'unreadable',
      path: onnxResultsPath,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const summary = Array.isArray(record.summary) ? record.summary : undefined;
  if (summary === undefined) {
    return { status: 'unreadable', path: onnxResultsPath, reason: 'no summary rows', raw };
  }
  const date = typeof record.date === 'string' ? record.date : undefined;
  const written = date === undefined ? Number.NaN : Date.parse(date);
  const rows = summary
    .filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null)
    .map((row) => [
      text(row.metric),
      text(row.worker),
      text(row.direct),
      text(row.goal),
      text(row.met),
      text(row.note),
    ]);
  return {
    status: 'included',
    path: onnxResultsPath,
    date,
    age: describeAge(written, runStartedAt),
    table: {
      title: "@local/onnx: createLLM('onnx') on worker threads vs transformers.js on the main thread",
      columns: ['metric', 'createLLM (worker)', 'direct (main thread)', 'goal', 'met', 'note'],
      numeric: [1, 2],
      rows,
    },
    raw,
  };
}
