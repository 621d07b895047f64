import { createBatchQueue, createTokenBudget } from '@core/queue';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from './support/queue-processes.js';
import { redisSkipReason, useRedisServer } from './support/redis-for-tests.js';

const redis = useRedisServer();
let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm({ latency: { beforeHeadersMs: 100 } });
});
afterAll(async () => {
  await mock?.close();
});
beforeEach(() => mock?.reset());

async function runBatch(name: string, total: number, workers: WorkerProcess[]): Promise<void> {
  const queue = createBatchQueue({ connection: redis.url, name });
  try {
    const batch = await queue.submit(
      Array.from({ length: total }, (_, index) => ({ prompt: `question ${index}` })),
    );
    expect(await batch.wait()).toEqual({ done: total, failed: 0, total });
  } finally {
    await queue.close();
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

const workerLabels = () => new Set(mock.requests.map((request) => request.headers['x-worker']));

describe.skipIf(redisSkipReason !== undefined)('rate limits across worker processes', () => {
  it('requestsPerSecond holds for both workers together, as the mock server measures it', async () => {
    const name = 'requests-per-second';
    const config = { redisUrl: redis.url, name, baseUrl: mock.openaiBaseUrl, concurrency: 4 };
    const workers = [
      await startWorkerProcess({ ...config, label: 'a', rateLimit: { requestsPerSecond: 5 } }),
      await startWorkerProcess({ ...config, label: 'b', rateLimit: { requestsPerSecond: 5 } }),
    ];
    await runBatch(name, 15, workers);
    const times = mock.requests.map((request) => request.receivedAt).sort((a, b) => a - b);
    expect(times).toHaveLength(15);
    expect(workerLabels()).toEqual(new Set(['a', 'b']));
    // 15 requests at 5 a second start in three windows, the last 2 s after the first; limited each on its
    // own (10 a second between them) they would span about 1 s, unlimited about 200 ms. The margin is for
    // the first calls, which also load the provider package before they reach the wire.
    expect((times.at(-1) as number) - (times[0] as number)).toBeGreaterThanOrEqual(1600);
    // No window of 1 s ever started more than 5: the request 5 places later is always in a later window.
    for (let index = 0; index + 5 < times.length; index++) {
      expect((times[index + 5] as number) - (times[index] as number)).toBeGreaterThan(500);
    }
  }, 60_000);

  it('a 429 with Retry-After pauses every worker for that long, then the call is retried', async () => {
    const name = 'retry-after';
    const config = { redisUrl: redis.url, name, baseUrl: mock.openaiBaseUrl, concurrency: 1 };
    mock.enqueue({ kind: 'status', status: 429, retryAfter: '1' });
    const workers = [
      await startWorkerProcess({ ...config, label: 'a' }),
      await startWorkerProcess({ ...config, label: 'b' }),
    ];
    await runBatch(name, 8, workers);
    const requests = [...mock.requests].sort((first, second) => first.receivedAt - second.receivedAt);
    const limited = requests[0] as (typeof requests)[number];
    // The 429 reached its worker 100 ms after the request (the mock's latency); from then on, for the
    // Retry-After second, no worker started anything (a request already sent may still arrive just after).
    const pauseFrom = limited.receivedAt + 100 + 60;
    const pauseTo = limited.receivedAt + 100 + 900;
    const during = requests.filter(
      (request) => request.receivedAt > pauseFrom && request.receivedAt < pauseTo,
    );
    expect(during).toEqual([]);
    // 8 answers plus the one 429, and both workers went on after the pause.
    expect(requests).toHaveLength(9);
    const after = requests.filter((request) => request.receivedAt >= pauseTo);
    expect(new Set(after.map((request) => request.headers['x-worker']))).toEqual(new Set(['a', 'b']));
  }, 60_000);

  it('tokensPerMinute is one budget in Redis that every process shares', async () => {
    // Two budgets stand for two machines; a 1-second window keeps the test short.
    const options = { connection: redis.url, name: 'tokens', tokensPerMinute: 100, windowMs: 1000 };
    const first = createTokenBudget(options);
    const second = createTokenBudget(options);
    try {
      const started = performance.now();
      await first.acquire({ tokens: 60 });
      await second.acquire({ tokens: 30 });
      expect(performance.now() - started).toBeLessThan(500);
      // 60 + 30 + 30 is over 100: the third waits for the first 60 to leave the window.
      await second.acquire({ tokens: 30 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
      const aborted = new AbortController();
      const waiting = first.acquire({ tokens: 100, signal: aborted.signal });
      aborted.abort(new Error('stop waiting'));
      await expect(waiting).rejects.toThrow('stop waiting');
    } finally {
      await first.close();
      await second.close();
    }
  }, 20_000);
});
