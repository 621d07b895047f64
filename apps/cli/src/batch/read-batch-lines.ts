import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { BatchError, BatchRequest } from '@core/queue';
import { z } from 'zod';

/** The error half of an output line: the class name, the provider's code (or null) and the message. */
export type LineError = BatchError;

/** One input line: a request ready to run, or why it cannot run. */
export type BatchLine =
  | { line: number; id: string | number; request: BatchRequest }
  | { line: number; id: string | number; error: LineError };

// What a line of requests.jsonl may hold; `options` goes to `agenerate` as it is.
const lineSchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    prompt: z.string().optional(),
    messages: z.array(z.looseObject({ role: z.string() })).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((value) => (value.prompt === undefined) !== (value.messages === undefined), {
    message: 'needs "prompt" or "messages" (one of them)',
  });

/** Reads one line's text: a request, or an error result for that line alone. */
export function parseBatchLine(text: string, line: number): BatchLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      line,
      id: line,
      error: { name: 'SyntaxError', code: 'invalid_json', message: (error as Error).message },
    };
  }
  const parsed = lineSchema.safeParse(value);
  if (!parsed.success) {
    const id = (value as { id?: unknown } | null)?.id;
    return {
      line,
      id: typeof id === 'string' || typeof id === 'number' ? id : line,
      error: { name: 'TypeError', code: 'invalid_request', message: z.prettifyError(parsed.error) },
    };
  }
  const { id = line, ...request } = parsed.data;
  return { line, id, request: { ...request, id } as BatchRequest };
}

/**
 * Every non-blank line of a JSONL file, numbered from 1 as an editor numbers them; a blank line is skipped
 * but still counted, so `line` always points at the file. Rejects when the file cannot be read.
 */
export async function readBatchLines(path: string): Promise<BatchLine[]> {
  const lines: BatchLine[] = [];
  const reader = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const text of reader) {
    number += 1;
    if (text.trim() !== '') lines.push(parseBatchLine(text, number));
  }
  return lines;
}
