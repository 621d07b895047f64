import type { Reply } from './reply.js';

const replyKinds = new Set<string>([
  'text',
  'status',
  'fixture',
  'raw',
  'reset-before-headers',
  'reset-mid-stream',
  'hang',
  'malformed-json',
  'truncated',
  'split-utf8',
  'error-event',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the fields a reply cannot work without (replies also arrive as JSON over `/__mock/enqueue`);
 * throws a `TypeError` naming the problem.
 */
export function assertReply(value: unknown): asserts value is Reply {
  if (!isObject(value)) throw new TypeError('mock-llm: a reply must be an object with a `kind`');
  const { kind } = value;
  if (typeof kind !== 'string' || !replyKinds.has(kind)) {
    throw new TypeError(
      `mock-llm: unknown reply kind ${JSON.stringify(kind)}; expected one of ${[...replyKinds].join(', ')}`,
    );
  }
  if (kind === 'status' && (typeof value.status !== 'number' || value.status < 100 || value.status > 999)) {
    throw new TypeError('mock-llm: a status reply needs a numeric `status` between 100 and 999');
  }
  if (kind === 'fixture' && typeof value.path !== 'string') {
    throw new TypeError('mock-llm: a fixture reply needs a `path` relative to the shared fixtures folder');
  }
  if (kind === 'raw' && value.body === undefined && value.pieces === undefined) {
    throw new TypeError('mock-llm: a raw reply needs a `body` or `pieces`');
  }
  if (kind === 'text' && value.chunks !== undefined && !Array.isArray(value.chunks)) {
    throw new TypeError('mock-llm: `chunks` must be an array of strings');
  }
}
