import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { jobIdOf } from './batch-keys.js';
import { batchNotFound, createBatchStore } from './batch-store.js';
import type { Batch, BatchRequest, SubmitOptions } from './batch-types.js';
import { checkBatchRequest } from './check-batch-request.js';
import { openBatch } from './open-batch.js';
import { type BatchJobData, defaultAttempts, defaultRetentionMs, jobName } from './queue-defaults.js';
import { checkQueueName, type RedisConnection, resolveConnection } from './redis-connection.js';

/** Options of `createBatchQueue`. */
export interface BatchQueueOptions {
  /** A `redis://` URL, or an ioredis client made with `maxRetriesPerRequest: null` (the caller closes it). */
  connection: RedisConnection;
  /** The queue's name; workers started with the same name run its requests. */
  name: string;
}

/** The submitting side of a queue. */
export interface BatchQueue {
  readonly name: string;
  /**
   * Queues every request as one BullMQ job and resolves with the batch once all are in Redis. Throws a
   * TypeError for a malformed request (naming its position) and a RangeError for a batch id already used.
   */
  submit(requests: readonly BatchRequest[], options?: SubmitOptions): Promise<Batch>;
  /** Reopens a batch by id, from any process; rejects with a RangeError if it is unknown or expired. */
  open(batchId: string): Promise<Batch>;
  /** Closes the queue, and the Redis connection when it was made from a URL. */
  close(): Promise<void>;
}

// Jobs go to Redis in slices: one addBulk of 100,000 jobs would hold a single huge command in memory.
const submitSliceSize = 1000;

function checkPositiveInteger(option: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
    throw new RangeError(`${option} must be a positive whole number, not ${String(value)}`);
  }
}

/** The queue `name` on `connection`, for submitting batches and reopening them. Throws a TypeError for bad options. */
export function createBatchQueue(options: BatchQueueOptions): BatchQueue {
  const name = checkQueueName(options?.name);
  const { client, owned } = resolveConnection(options.connection);
  const queue = new Queue<BatchJobData>(name, { connection: client });
  const store = createBatchStore(client, name);

  return {
    name,
    async submit(requests, submitOptions = {}) {
      if (!Array.isArray(requests)) throw new TypeError('submit: requests must be an array');
      const checked = requests.map((request, index) => checkBatchRequest(request, index));
      const retentionMs = submitOptions.retentionMs ?? defaultRetentionMs;
      checkPositiveInteger('retentionMs', retentionMs);
      checkPositiveInteger('attempts', submitOptions.attempts);
      const batchId = submitOptions.batchId ?? randomUUID();
      if (typeof batchId !== 'string' || batchId === '' || batchId.includes(':')) {
        throw new TypeError(`batchId must be a non-empty string without ':', not ${JSON.stringify(batchId)}`);
      }
      if (!(await store.create(batchId, { total: checked.length, retentionMs }))) {
        throw new RangeError(
          `A batch ${JSON.stringify(batchId)} already exists in queue ${JSON.stringify(name)}`,
        );
      }
      const retentionSeconds = Math.ceil(retentionMs / 1000);
      for (let start = 0; start < checked.length; start += submitSliceSize) {
        await queue.addBulk(
          checked.slice(start, start + submitSliceSize).map((request, offset) => {
            const index = start + offset;
            return {
              name: jobName,
              data: { batchId, index, request },
              opts: {
                jobId: jobIdOf(batchId, index),
                attempts: submitOptions.attempts ?? defaultAttempts,
                backoff: { type: 'exponential', delay: 1000 },
                // The result lives in our own records; the job itself is not needed once it has run.
                removeOnComplete: true,
                removeOnFail: { age: retentionSeconds },
              },
            };
          }),
        );
      }
      return openBatch(client, store, name, batchId);
    },
    async open(batchId) {
      if ((await store.progress(batchId)) === undefined) throw batchNotFound(name, batchId);
      return openBatch(client, store, name, batchId);
    },
    async close() {
      await queue.close();
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}
