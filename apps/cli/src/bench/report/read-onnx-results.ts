import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from './format-tables.js';

/** What the report says about one of the local-model benches (createLLM('onnx'), or the engine's batching). */
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

/** Where src/bench/onnx-bench.mjs (createLLM('onnx'), run first by this app's bench script) writes its JSON. */
export const onnxResultsPath = join('apps', 'cli', '.bench', 'onnx-results.json');

/** Where `@local/onnx`'s own bench (continuous batching at the adapter level) writes its JSON. */
export const onnxBatchingResultsPath = join('packages', 'local', 'onnx', 'bench', 'batching-results.json');

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  if (typeof value === 'number') return String(value);
  return '';
}

/** When a results file was written, said relative to this suite's start. */
export function describeAge(writtenMs: number, runStartedAt: Date): string {
  if (!Number.isFinite(writtenMs)) return 'at an unknown time';
  const minutes = (runStartedAt.getTime() - writtenMs) / 60_000;
  if (minutes <= 0) return 'while this suite ran';
  if (minutes < 90) return `${Math.max(1, Math.round(minutes))} min before this suite started`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h before this suite started`;
  return `${Math.round(minutes / (24 * 60))} days before this suite started`;
}

// A results file as JSON, or what stops the report from including it.
export function readResultsFile(
  workspaceRoot: string,
  path: string,
): { record: Record<string, unknown>; raw: unknown } | OnnxResults {
  const file = join(workspaceRoot, path);
  if (!existsSync(file)) return { status: 'not run', path, reason: 'no results file' };
  try {
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return { record: typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}, raw };
  } catch (error) {
    return { status: 'unreadable', path, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads the createLLM('onnx') bench's results (tokens/s and event-loop delay against direct transformers.js)
 * so this report includes them. The report says when the file was written relative to this suite's start
 * (a file left from an earlier run is shown as such). A missing file is `not run`.
 */
export function readOnnxResults(workspaceRoot: string, runStartedAt: Date): OnnxResults {
  const read = readResultsFile(workspaceRoot, onnxResultsPath);
  if ('status' in read) return read;
  const { record, raw } = read;
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

function number(value: unknown, digits: number): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '';
}

/**
 * Reads `@local/onnx`'s batching bench: aggregate tokens/s with 1, 2, 4 and 8 concurrent requests in one
 * worker, each as a ratio to one request alone (the issue's goal: at least 3x at 8), and the time to first
 * text of a request that joins a running batch.
 */
export function readOnnxBatchingResults(workspaceRoot: string, runStartedAt: Date): OnnxResults {
  const read = readResultsFile(workspaceRoot, onnxBatchingResultsPath);
  if ('status' in read) return read;
  const { record, raw } = read;
  const throughput = Array.isArray(record.throughput) ? record.throughput : undefined;
  if (throughput === undefined) {
    return { status: 'unreadable', path: onnxBatchingResultsPath, reason: 'no throughput rows', raw };
  }
  const date = typeof record.date === 'string' ? record.date : undefined;
  const first = (record.timeToFirstTextMs ?? {}) as Record<string, unknown>;
  const rows = throughput
    .filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null)
    .map((row) => [
      text(row.concurrent),
      number(row.tokensPerSecond, 1),
      `${number(row.ratio, 2)}x`,
      `${number(row.eventLoopP99Ms, 1)} ms`,
      row.concurrent === 8
        ? `>= 3x: ${typeof row.ratio === 'number' && row.ratio >= 3 ? 'met' : 'MISSED'}`
        : '',
    ]);
  rows.push([
    'time to first text',
    `${number(first.alone, 0)} ms alone`,
    `${number(first.joiningBatchOf7, 0)} ms joining 7`,
    '',
    '',
  ]);
  return {
    status: 'included',
    path: onnxBatchingResultsPath,
    date,
    age: describeAge(date === undefined ? Number.NaN : Date.parse(date), runStartedAt),
    table: {
      title: '@local/onnx: continuous batching in one worker (110M shape, greedy), aggregate tokens/s',
      columns: ['concurrent requests', 'tokens/s', 'vs one request', 'main-thread event-loop p99', 'goal'],
      numeric: [1, 2, 3],
      rows,
    },
    raw,
  };
}
