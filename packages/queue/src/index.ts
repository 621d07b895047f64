export type {
  Batch,
  BatchError,
  BatchProgress,
  BatchRequest,
  BatchRequestOptions,
  BatchResponse,
  BatchResult,
  SubmitOptions,
} from './batch-types.js';
export type { BatchQueue, BatchQueueOptions } from './create-batch-queue.js';
export { createBatchQueue } from './create-batch-queue.js';
export type { TokenBudget, TokenBudgetOptions } from './create-token-budget.js';
export { createTokenBudget } from './create-token-budget.js';
export { describeError as describeBatchError } from './describe-error.js';
export type { RedisConnection } from './redis-connection.js';
export type { QueueWorker, WorkerOptions } from './start-worker.js';
export { startWorker } from './start-worker.js';
