import { createBatchQueue, startWorker } from '@core/queue';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitInAnotherProcess } from './support/queue-processes.js';
import { redisSkipReason, useRedisServer } from './support/redis-for-tests.js';

const redis = useRedisServer();
let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock?.close();
});

describe.skipIf(redisSkipReason !== undefined)('a batch outlives the process that submitted it', () => {
  it('is reopened by id after the submitter exited; a call that failed for good is a failed result', async () => {
    const name = 'reopen';
    // The second request meets a 400: the pipeline does not retry it, and neither does BullMQ.
    mock.enqueue(
      { kind: 'text', text: 'first answer' },
      { kind: 'status', status: 400, body: { error: { message: 'bad request', code: 'invalid_value' } } },
    );
    const batchId = await submitInAnotherProcess({
      redisUrl: redis.url,
      name,
      requests: [
        { id: 'a', prompt: 'one' },
        { id: 'b', messages: [{ role: 'user', content: 'two' }] },
        { prompt: 'three', options: { maxTokens: 5 } },
      ],
    });
    // The submitter has exited; a worker starts only now, in this process.
    const worker = await startWorker({
      connection: redis.url,
      name,
      provider: 'openai-compatible',
      llmOptions: { baseUrl: mock.openaiBaseUrl, model: 'test-model' },
      concurrency: 1,
    });
    const queue = createBatchQueue({ connection: redis.url, name });
    try {
      const batch = await queue.open(batchId);
      expect(await batch.wait()).toEqual({ done: 3, failed: 1, total: 3 });
      const results = [];
      for await (const result of batch.results()) results.push(result);
      expect(results).toEqual([
        expect.objectContaining({
          id: 'a',
          index: 0,
          response: expect.objectContaining({ content: 'first answer' }),
        }),
        {
          id: 'b',
          index: 1,
          error: {
            name: 'InvalidRequestError',
            code: 'invalid_value',
            message: expect.stringContaining('bad request'),
          },
        },
        expect.objectContaining({
          id: 2,
          index: 2,
          response: expect.objectContaining({ content: 'Echo: three' }),
        }),
      ]);
      // Exactly one call each: the failure was stored, not re-attempted.
      expect(mock.requests).toHaveLength(3);
      expect(mock.requests[2]?.body).toMatchObject({ max_tokens: 5 });
    } finally {
      await queue.close();
      await worker.close();
    }
  }, 30_000);

  it('refuses malformed requests at submit, naming their position, and unknown batch ids at open', async () => {
    const queue = createBatchQueue({ connection: redis.url, name: 'checks' });
    try {
      await expect(queue.submit([{ prompt: 'fine' }, { options: {} }])).rejects.toThrow(
        'requests[1]: needs a prompt or messages',
      );
      await expect(queue.submit([{ prompt: 'x' }], { batchId: 'taken' })).resolves.toMatchObject({
        id: 'taken',
      });
      await expect(queue.submit([{ prompt: 'x' }], { batchId: 'taken' })).rejects.toThrow(RangeError);
      await expect(queue.open('never-submitted')).rejects.toThrow('unknown id, or its retention has passed');
      const empty = await queue.submit([]);
      expect(await empty.wait()).toEqual({ done: 0, failed: 0, total: 0 });
    } finally {
      await queue.close();
    }
  });

  it('forgets a batch once its retention has passed', async () => {
    const queue = createBatchQueue({ connection: redis.url, name: 'retention' });
    try {
      const batch = await queue.submit([{ prompt: 'x' }], { retentionMs: 200 });
      expect(await batch.progress()).toEqual({ done: 0, failed: 0, total: 1 });
      await new Promise((resolve) => setTimeout(resolve, 400));
      await expect(batch.progress()).rejects.toThrow(RangeError);
    } finally {
      await queue.close();
    }
  });
});
