import { parseArgs } from 'node:util';
import type { MockLlmOptions } from './start-mock-llm.js';

const usage =
  'usage: mock-llm [--port N] [--host H] [--chunks N] [--latency-ms N] [--between-chunks-ms N] ' +
  '[--models a,b] [--max-recorded N]';

function nonNegativeInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new RangeError(`mock-llm: --${name} must be a non-negative integer`);
  return number;
}

/** The stream pieces of the benchmark reply: exactly `count` content chunks, one word each. */
export function benchmarkChunks(count: number): string[] {
  return Array.from({ length: count }, (_, index) => (index === 0 ? 'chunk0' : ` chunk${index}`));
}

/** Reads the CLI flags into server options; throws a `RangeError` or `TypeError` with the usage line. */
export function parseCliArguments(argv: readonly string[]): MockLlmOptions {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        chunks: { type: 'string' },
        'latency-ms': { type: 'string' },
        'between-chunks-ms': { type: 'string' },
        models: { type: 'string' },
        'max-recorded': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new TypeError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const chunks = nonNegativeInteger('chunks', values.chunks);
  const beforeHeadersMs = nonNegativeInteger('latency-ms', values['latency-ms']);
  const betweenChunksMs = nonNegativeInteger('between-chunks-ms', values['between-chunks-ms']);
  const options: MockLlmOptions = {
    port: nonNegativeInteger('port', values.port) ?? 0,
    host: values.host ?? '127.0.0.1',
    // A long benchmark run must not keep every request body in memory.
    maxRecordedRequests: nonNegativeInteger('max-recorded', values['max-recorded']) ?? 1000,
  };
  if (chunks !== undefined) options.defaultReply = { chunks: benchmarkChunks(chunks) };
  if (beforeHeadersMs !== undefined || betweenChunksMs !== undefined) {
    options.latency = { beforeHeadersMs: beforeHeadersMs ?? 0, betweenChunksMs: betweenChunksMs ?? 0 };
  }
  if (values.models !== undefined) options.models = values.models.split(',').filter((model) => model !== '');
  return options;
}
