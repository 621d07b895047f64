import {
  chunksFixtureAsSse,
  hasSharedDirectory,
  readFixtureBytes,
  sharedMissingReason,
} from '@tooling/fixtures';
import type { LoadedFixture, MockState } from '../mock-state.js';
import type { FixtureFormat } from '../reply.js';

function contentTypeFor(path: string, format: FixtureFormat): string {
  if (format === 'chunks-sse' || format === 'chunks-anthropic-sse') return 'text/event-stream';
  if (path.endsWith('.sse')) return 'text/event-stream';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.ndjson')) return 'application/x-ndjson';
  return 'application/octet-stream';
}

async function readFixture(path: string, format: FixtureFormat): Promise<LoadedFixture> {
  if (!hasSharedDirectory()) throw new Error(sharedMissingReason);
  switch (format) {
    case 'chunks-sse':
      return {
        bytes: Buffer.from(await chunksFixtureAsSse(path, { done: true })),
        contentType: contentTypeFor(path, format),
        status: 200,
      };
    case 'chunks-anthropic-sse':
      return {
        bytes: Buffer.from(await chunksFixtureAsSse(path, { eventLines: true })),
        contentType: contentTypeFor(path, format),
        status: 200,
      };
    case 'response-json': {
      // derived/*.response.json wraps a recorded body as { status, content_type, body } (fixtures/MANIFEST.md).
      const wrapper = JSON.parse((await readFixtureBytes(path)).toString('utf8')) as {
        status?: number;
        content_type?: string;
        body?: unknown;
      };
      const body = typeof wrapper.body === 'string' ? wrapper.body : JSON.stringify(wrapper.body ?? null);
      return {
        bytes: Buffer.from(body),
        contentType: wrapper.content_type ?? 'application/json',
        status: wrapper.status ?? 200,
      };
    }
    default:
      return { bytes: await readFixtureBytes(path), contentType: contentTypeFor(path, format), status: 200 };
  }
}

/** A fixture's response bytes, read from `../shared/fixtures` once per server; rejects when it cannot be read. */
export function loadFixture(state: MockState, path: string, format: FixtureFormat): Promise<LoadedFixture> {
  const key = `${format}\u0000${path}`;
  let loaded = state.fixtures.get(key);
  if (loaded === undefined) {
    loaded = readFixture(path, format);
    // A failed read is not cached: the next test may have fixed the path.
    loaded.catch(() => state.fixtures.delete(key));
    state.fixtures.set(key, loaded);
  }
  return loaded;
}
