import type { Redis } from 'ioredis';
import { type BatchKeys, batchKeys } from './batch-keys.js';
import type { BatchProgress, BatchResult } from './batch-types.js';

/** What a batch's meta hash records when it is created. */
export interface BatchMeta {
  total: number;
  retentionMs: number;
}

// Stores a result only if none is stored for that request yet (HSETNX), and only then appends it to the
// completion-order stream and counts it: a job run twice (a worker killed after its call but before BullMQ
// heard back) still gives one result. Every write pushes the batch's expiry `retentionMs` into the future.
const saveResultScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XADD', KEYS[3], '*', 'index', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'done', 1)
if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], 'failed', 1) end
local retention = redis.call('HGET', KEYS[1], 'retentionMs')
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, retention) end
return 1
`;

// Creates the meta hash only if the id is new, so two submitters cannot share one batch by accident.
const createBatchScript = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'total', ARGV[1], 'done', 0, 'failed', 0, 'retentionMs', ARGV[2], 'createdAt', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** A batch that is unknown, or whose retention has passed. */
export function batchNotFound(name: string, batchId: string): RangeError {
  return new RangeError(
    `No batch ${JSON.stringify(batchId)} in queue ${JSON.stringify(name)}: unknown id, or its retention has passed`,
  );
}

/** Reads and writes one queue's batch records in Redis. */
export interface BatchStore {
  keys(batchId: string): BatchKeys;
  /** Records a new batch; resolves `false` when the id is taken. */
  create(batchId: string, meta: BatchMeta): Promise<boolean>;
  /** Stores a result once: `stored` the first time, `duplicate` after, `missing` when the batch has expired. */
  save(batchId: string, result: BatchResult): Promise<'stored' | 'duplicate' | 'missing'>;
  hasResult(batchId: string, index: number): Promise<boolean>;
  /** The batch's progress, or `undefined` when it is unknown or expired. */
  progress(batchId: string): Promise<BatchProgress | undefined>;
  /** The stored results of these request indexes, in the order asked. */
  read(batchId: string, indexes: readonly string[]): Promise<BatchResult[]>;
}

/** The store of queue `name` on `client`. */
export function createBatchStore(client: Redis, name: string): BatchStore {
  return {
    keys: (batchId) => batchKeys(name, batchId),
    async create(batchId, meta) {
      const keys = batchKeys(name, batchId);
      const created = await client.eval(
        createBatchScript,
        1,
        keys.meta,
        meta.total,
        meta.retentionMs,
        Date.now(),
      );
      return created === 1;
    },
    async save(batchId, result) {
      const keys = batchKeys(name, batchId);
      const outcome = await client.eval(
        saveResultScript,
        3,
        keys.meta,
        keys.results,
        keys.order,
        result.index,
        JSON.stringify(result),
        'error' in result ? '1' : '0',
      );
      return outcome === 1 ? 'stored' : outcome === 0 ? 'duplicate' : 'missing';
    },
    async hasResult(batchId, index) {
      return (await client.hexists(batchKeys(name, batchId).results, String(index))) === 1;
    },
    async progress(batchId) {
      const [total, done, failed] = await client.hmget(
        batchKeys(name, batchId).meta,
        'total',
        'done',
        'failed',
      );
      if (total === null || total === undefined) return undefined;
      return { total: Number(total), done: Number(done ?? 0), failed: Number(failed ?? 0) };
    },
    async read(batchId, indexes) {
      if (indexes.length === 0) return [];
      const values = await client.hmget(batchKeys(name, batchId).results, ...indexes);
      return values.flatMap((value) => (value === null ? [] : [JSON.parse(value) as BatchResult]));
    },
  };
}
