import { createBatchQueue } from '@core/queue';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from './support/queue-processes.js';
import { redisSkipReason, useRedisServer } from './support/redis-for-tests.js';

const redis = useRedisServer();
let mock: MockLlm;
beforeAll(async () => {
  // Slow enough replies that the killed worker dies holding several jobs.
  mock = await startMockLlm({ latency: { beforeHeadersMs: 150 } });
});
afterAll(async () => {
  await mock?.close();
});

describe.skipIf(redisSkipReason !== undefined)('a worker killed mid-batch', () => {
  it('leaves its jobs to the other worker, and every request gets exactly one result', async () => {
    const name = 'killed-worker';
    const workerConfig = {
      redisUrl: redis.url,
      name,
      baseUrl: mock.openaiBaseUrl,
      concurrency: 4,
      // Short locks so the dead worker's jobs are recovered in about two seconds, not thirty.
      lockDurationMs: 1500,
      stalledIntervalMs: 500,
    };
    const workers: WorkerProcess[] = [
      await startWorkerProcess({ ...workerConfig, label: 'a' }),
      await startWorkerProcess({ ...workerConfig, label: 'b' }),
    ];
    const queue = createBatchQueue({ connection: redis.url, name });
    try {
      const total = 40;
      const batch = await queue.submit(
        Array.from({ length: total }, (_, index) => ({ id: `q${index}`, prompt: `question ${index}` })),
      );
      const [victim, survivor] = workers as [WorkerProcess, WorkerProcess];
      await victim.storedAtLeast(4);
      // Its next calls are on the wire by now (replies take 150 ms): it dies in the middle of them.
      await new Promise((resolve) => setTimeout(resolve, 60));
      victim.child.kill('SIGKILL');

      const results = [];
      for await (const result of batch.results()) results.push(result);

      expect(results).toHaveLength(total);
      expect(new Set(results.map((result) => result.index)).size).toBe(total);
      for (const result of results) {
        expect(result).toMatchObject({
          id: `q${result.index}`,
          response: { content: `Echo: question ${result.index}` },
        });
      }
      expect(await batch.progress()).toEqual({ done: total, failed: 0, total });
      // The victim died holding calls it had sent: the survivor sent those again once their locks lapsed,
      // and each still has one result.
      const prompts = mock.requests.map((request) => JSON.stringify(request.body));
      const sentTwice = prompts.filter((prompt, position) => prompts.indexOf(prompt) !== position);
      expect(sentTwice.length).toBeGreaterThan(0);
      expect(survivor.stored.length).toBeGreaterThan(0);
      // Iterating again from another handle gives the same results, still once each.
      const again = [];
      for await (const result of (await queue.open(batch.id)).results()) again.push(result.index);
      expect(again).toEqual(results.map((result) => result.index));
    } finally {
      await queue.close();
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  }, 60_000);
});
