import type { FixtureReply } from '../reply.js';
import type { Delivery } from './delivery.js';
import { loadFixture } from './load-fixture.js';
import { writeResponse } from './write-response.js';

/** Cuts bytes into pieces of `size` bytes. */
function splitEvery(bytes: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) pieces.push(bytes.subarray(start, start + size));
  return pieces;
}

/** Cuts bytes after each separator, so a paced replay sends one SSE event or NDJSON line at a time. */
function splitAfter(bytes: Buffer, separator: string): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (;;) {
    const found = bytes.indexOf(separator, start);
    if (found === -1) break;
    const end = found + separator.length;
    pieces.push(bytes.subarray(start, end));
    start = end;
  }
  if (start < bytes.length) pieces.push(bytes.subarray(start));
  return pieces;
}

function piecesFor(
  bytes: Buffer,
  contentType: string,
  reply: FixtureReply,
  betweenChunksMs: number,
): Buffer[] {
  if (reply.splitEvery !== undefined && reply.splitEvery > 0) return splitEvery(bytes, reply.splitEvery);
  if (betweenChunksMs <= 0) return [bytes];
  if (contentType.startsWith('text/event-stream')) return splitAfter(bytes, '\n\n');
  if (contentType.startsWith('application/x-ndjson')) return splitAfter(bytes, '\n');
  return [bytes];
}

/** Replays a recorded transcript byte for byte; a fixture that cannot be read becomes a 500 saying why. */
export function deliverFixture(delivery: Delivery, reply: FixtureReply): void {
  const format = reply.format ?? 'raw';
  loadFixture(delivery.state, reply.path, format).then(
    (fixture) => {
      const contentType = reply.contentType ?? fixture.contentType;
      writeResponse(delivery.exchange, {
        status: reply.status ?? fixture.status,
        headers: { 'content-type': contentType, ...reply.headers },
        pieces: piecesFor(fixture.bytes, contentType, reply, delivery.betweenChunksMs),
        ending: 'end',
        separateWrites: true,
        beforeHeadersMs: delivery.beforeHeadersMs,
        betweenChunksMs: delivery.betweenChunksMs,
      });
    },
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      const body = JSON.stringify({
        error: {
          message: `mock-llm: cannot replay fixture ${reply.path}: ${reason}`,
          type: 'mock_fixture_error',
        },
      });
      writeResponse(delivery.exchange, {
        status: 500,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        pieces: [body],
        ending: 'end',
        separateWrites: false,
        beforeHeadersMs: 0,
        betweenChunksMs: 0,
      });
    },
  );
}
