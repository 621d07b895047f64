import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonEvents, postSse } from './support/sse-client.js';
import { type Stack, startStack } from './support/start-stack.js';

// Many SSE clients at once over loopback, each on its own socket: every stream must complete with its own
// text, in bounded time, without unhandled rejections, and the heap must come back after.

const clients = 200;
let stack: Stack;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  stack = await startStack({ mock: { latency: { betweenChunksMs: 5 } } });
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await stack.close();
});
beforeEach(() => stack.mock.reset());
afterEach(() => expect(unhandled).toEqual([]));

const promptFor = (index: number) => `client ${index} wants a streamed answer of a few words`;

// The most upstream requests the mock had open at one time while `work` ran: each record's end is noted
// (its `outcome` settles at completion) by a watcher that picks records up within a few ms of arrival.
async function peakUpstreamConcurrency<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  const spans = new Map<number, { start: number; end: number }>();
  const watch = () => {
    for (const request of stack.mock.requests) {
      if (spans.has(request.id)) continue;
      const span = { start: request.receivedAt, end: Number.POSITIVE_INFINITY };
      spans.set(request.id, span);
      void request.outcome.then(() => {
        span.end = Date.now();
      });
    }
  };
  const watcher = setInterval(watch, 2);
  try {
    const result = await work();
    watch();
    await Promise.all(stack.mock.requests.map((request) => request.outcome));
    const ends = [...spans.values()];
    const peak = Math.max(
      ...ends.map(({ start }) => ends.filter((s) => s.start <= start && s.end > start).length),
    );
    return { result, peak };
  } finally {
    clearInterval(watcher);
  }
}

describe(`${clients} concurrent SSE clients`, () => {
  it('on /v1/chat/completions all complete with their own text, all in flight together', async () => {
    // Each upstream answer starts after 1.5 s: long enough for all clients to be in flight by then even on
    // a loaded machine, so the overlap counted below shows concurrency, not how fast this machine is.
    stack.mock.setDefault({ latency: { beforeHeadersMs: 1500, betweenChunksMs: 5 } });
    const { result: results, peak } = await peakUpstreamConcurrency(() =>
      Promise.all(
        Array.from({ length: clients }, (_, index) =>
          postSse(`${stack.url}/v1/chat/completions`, {
            model: 'mock-model',
            stream: true,
            stream_options: { include_usage: true },
            messages: [{ role: 'user', content: promptFor(index) }],
          }),
        ),
      ),
    );
    results.forEach((result, index) => {
      expect(result.status).toBe(200);
      expect(result.events.at(-1)).toBe('[DONE]');
      const chunks = jsonEvents<{ choices: Array<{ delta: { content?: string } }>; usage?: unknown }>(result);
      const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
      expect(text).toBe(`Echo: ${promptFor(index)}`);
      expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: expect.any(Number) });
    });
    // Served one after another, one request would be open at a time.
    // Concurrency is what this asserts, not speed (that is the bench's), so a loaded machine cannot fail it.
    expect(peak).toBeGreaterThan(clients / 2);
    const outcomes = await Promise.all(stack.mock.requests.map((request) => request.outcome));
    expect(outcomes).toEqual(Array.from({ length: clients }, () => 'completed'));
    stack.mock.setDefault({ latency: { betweenChunksMs: 5 } });
  }, 60_000);

  it('on /stream all complete with their own text, and no connection is left open', async () => {
    const results = await Promise.all(
      Array.from({ length: clients }, (_, index) =>
        postSse(`${stack.url}/stream`, { prompt: promptFor(index) }),
      ),
    );
    results.forEach((result, index) => {
      expect(result.events.at(-1)).toBe('[DONE]');
      const text = jsonEvents<{ content: string }>(result)
        .map((chunk) => chunk.content)
        .join('');
      expect(text).toBe(`Echo: ${promptFor(index)}`);
    });
    const open = () =>
      new Promise<number>((resolve, reject) =>
        stack.server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    await expect.poll(open, { timeout: 15_000 }).toBe(0);
    // Completion is what this asserts, not speed: a loaded machine may take well past the default 5 s.
  }, 60_000);

  it('return the heap to its baseline (a separate node --expose-gc process)', async () => {
    const probe = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));
    const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    expect(existsSync(built), 'the memory probe runs the built server: build @core/server first').toBe(true);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', probe, String(clients), '5'],
      {
        timeout: 60_000,
      },
    );
    const report = JSON.parse(stdout) as { baselineBytes: number; afterBytes: number; elapsedMs: number };
    // 1,000 streams after warm-up. Measured growth is under 1 MB and does not grow with more rounds; a leak
    // of one request's objects (a few KB per stream at least) would pass 4 MB.
    expect(report.afterBytes - report.baselineBytes).toBeLessThan(4 * 1024 * 1024);
  }, 90_000);
});
