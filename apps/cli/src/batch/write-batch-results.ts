import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { BatchResponse } from '@core/queue';
import type { LineError } from './read-batch-lines.js';

/** One output line: the request's id and input line, and its response or error. */
export type ResultLine =
  | { id: string | number; line: number; response: BatchResponse }
  | { id: string | number; line: number; error: LineError };

/** Where result lines go, one JSON object a line, in the order they are written. */
export interface ResultWriter {
  write(result: ResultLine): Promise<void>;
  /** Flushes and closes a file (standard output stays open). */
  close(): Promise<void>;
}

/** Writes to `path`, or to standard output without one; waits when the stream is full. */
export function createResultWriter(path: string | undefined): ResultWriter {
  const output: NodeJS.WritableStream | WriteStream =
    path === undefined ? process.stdout : createWriteStream(path, 'utf8');
  return {
    async write(result) {
      if (!output.write(`${JSON.stringify(result)}\n`)) await once(output, 'drain');
    },
    async close() {
      if (path === undefined) return;
      const finished = once(output, 'finish');
      output.end();
      await finished;
    },
  };
}
