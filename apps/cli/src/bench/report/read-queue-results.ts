import { join } from 'node:path';
import { formatNumber, formatRatio } from './format-tables.js';
import { describeAge, type OnnxResults, readResultsFile } from './read-onnx-results.js';

/** What the report says about `@core/queue`'s bench: the same shape as a local-model bench's. */
export type QueueResults = OnnxResults;

/** Where `@core/queue`'s own bench (packages/queue/bench/queue-bench.mjs, run before this suite) writes its JSON. */
export const queueResultsPath = join('packages', 'queue', 'bench', 'results.json');

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function finite(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

function formatOverhead(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(2)} ms` : '';
}

/**
 * Reads `@core/queue`'s bench: requests/s through in-process `gather`, one worker process and two worker
 * processes against the mock (median of its rounds), the ratio two workers / one, and the overhead per
 * request against `gather` at the same total in flight. A missing file is `not run`.
 */
export function readQueueResults(workspaceRoot: string, runStartedAt: Date): QueueResults {
  const read = readResultsFile(workspaceRoot, queueResultsPath);
  if ('status' in read) return read;
  const { record: results, raw } = read;
  if (!Array.isArray(results.rows)) {
    return { status: 'unreadable', path: queueResultsPath, reason: 'no rows', raw };
  }
  const date = typeof results.date === 'string' ? results.date : undefined;
  const settings = record(results.settings);
  const machine = record(results.machine);
  const rows = results.rows
    .map(record)
    .map((row) => [
      typeof row.setup === 'string' ? row.setup : '',
      formatNumber(finite(row.inFlight)),
      formatNumber(finite(row.requestsPerSecond)),
      `${formatNumber(finite(row.medianMs))} ms`,
      formatOverhead(row.overheadMsPerRequest),
    ]);
  rows.push(['two worker processes / one', '', formatRatio(finite(results.ratioTwoToOne)), '', '']);
  const requests = formatNumber(finite(settings.requests));
  const cores = formatNumber(finite(machine.cores));
  return {
    status: 'included',
    path: queueResultsPath,
    date,
    age: describeAge(date === undefined ? Number.NaN : Date.parse(date), runStartedAt),
    table: {
      title:
        `@core/queue: ${requests} requests against the mock (${formatNumber(finite(settings.mockLatencyMs))} ms before headers), ` +
        `median of ${formatNumber(finite(settings.runs))}; Redis, mock and workers share ${cores} cores`,
      columns: ['setup', 'in flight', 'requests/s', `time for ${requests}`, 'overhead per request vs gather'],
      numeric: [1, 2, 3, 4],
      rows,
    },
    raw,
  };
}
