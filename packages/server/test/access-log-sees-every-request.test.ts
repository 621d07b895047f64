import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseLogEntry } from '../src/index.js';
import { postSse } from './support/sse-client.js';
import { type Stack, startStack } from './support/start-stack.js';

// `serve({ onResponse })` is the access log. It used to hear only of responses that finished, so a client that
// went away (half of them, in a load test) left no trace.

const entries: ResponseLogEntry[] = [];
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ server: { onResponse: (entry) => entries.push(entry) } });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.mock.reset();
  entries.length = 0;
});

const chunks = Array.from({ length: 10 }, (_, index) => `w${index} `);

// Every URL logged, with how many times; the query string tells the requests apart.
function countByUrl(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.url, (counts.get(entry.url) ?? 0) + 1);
  return counts;
}

async function settled(expected: number): Promise<void> {
  await expect.poll(() => entries.length, { timeout: 5000 }).toBe(expected);
  // Long enough for a second entry of any request to show up.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(entries).toHaveLength(expected);
}

describe('onResponse', () => {
  it('logs every stream exactly once, those whose client left mid-way marked aborted', async () => {
    stack.mock.setDefault({ chunks, latency: { betweenChunksMs: 20 } });
    const streams = 40;
    await Promise.all(
      Array.from({ length: streams }, (_, index) =>
        index % 2 === 0
          ? postSse(
              `${stack.url}/stream?n=${index}`,
              { prompt: 'go' },
              index % 4 < 2 ? { leaveAfter: 3 } : {},
            )
          : postSse(
              `${stack.url}/v1/chat/completions?n=${index}`,
              { model: 'mock-model', messages: [{ role: 'user', content: 'go' }], stream: true },
              index % 4 < 2 ? { leaveAfter: 3 } : {},
            ),
      ),
    );
    await settled(streams);
    expect([...countByUrl().values()].every((count) => count === 1)).toBe(true);
    for (const entry of entries) {
      const index = Number(entry.url.split('?n=')[1]);
      expect(entry).toMatchObject({ method: 'POST', statusCode: 200, aborted: index % 4 < 2 });
      expect(entry.durationMs).toBeGreaterThan(0);
    }
  });

  it('logs a request whose client left before the answer as aborted, with 499', async () => {
    const leavers = 10;
    stack.mock.enqueue(...Array.from({ length: leavers }, () => ({ kind: 'hang' as const })));
    const controllers = Array.from({ length: leavers }, () => new AbortController());
    const pending = controllers.map((controller, index) =>
      fetch(`${stack.url}/generate?n=${index}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'go' }),
        signal: controller.signal,
      }).catch(() => undefined),
    );
    await expect.poll(() => stack.mock.requests.length).toBe(leavers);
    for (const controller of controllers) controller.abort();
    await Promise.all(pending);
    const answered = await fetch(`${stack.url}/generate?n=answered`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'stay' }),
    });
    expect(answered.status).toBe(200);
    await settled(leavers + 1);
    expect([...countByUrl().values()].every((count) => count === 1)).toBe(true);
    for (const entry of entries) {
      if (entry.url.endsWith('answered')) expect(entry).toMatchObject({ statusCode: 200, aborted: false });
      else expect(entry).toMatchObject({ method: 'POST', statusCode: 499, aborted: true });
    }
  });

  it('logs what is answered before routing, and errors, once each', async () => {
    await fetch(`${stack.url}/nowhere`);
    await fetch(`${stack.url}/v1/models/%zz`);
    await fetch(`${stack.url}/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    await settled(3);
    expect(entries.map((entry) => [entry.url, entry.statusCode, entry.aborted])).toEqual([
      ['/nowhere', 404, false],
      ['/v1/models/%zz', 400, false],
      ['/generate', 400, false],
    ]);
  });
});
