import { createLLM, events } from '@core/session';
import { type LLM, type LLMOptions, RateLimitError, type RateLimitOptions } from '@core/types';
import { type Job, Queue, Worker } from 'bullmq';
import { createBatchStore } from './batch-store.js';
import type { BatchResult } from './batch-types.js';
import { createTokenBudget, type TokenBudget } from './create-token-budget.js';
import { describeError } from './describe-error.js';
import type { BatchJobData } from './queue-defaults.js';
import { checkQueueName, type RedisConnection, resolveConnection } from './redis-connection.js';
import { runBatchRequest } from './run-batch-request.js';

/** Options of `startWorker`: the queue, the LLM (made or described), and how hard to drive it. */
export interface WorkerOptions {
  connection: RedisConnection;
  name: string;
  /** The LLM to run requests on; or give `provider` (and `llmOptions`) and the worker makes it. */
  llm?: LLM;
  /** `createLLM`'s first argument, when no `llm` is given. */
  provider?: string;
  /** `createLLM`'s second argument, when no `llm` is given. */
  llmOptions?: LLMOptions;
  /** Requests this worker runs at once (default 4). */
  concurrency?: number;
  /**
   * Limits every worker of the queue shares, on every machine: `requestsPerSecond` as BullMQ's global rate
   * limit on starting jobs, `tokensPerMinute` as a budget in Redis the pipeline asks before each attempt
   * (only with `provider`; for your own `llm`, pass `createTokenBudget(…)` as its `rateLimit`).
   */
  rateLimit?: RateLimitOptions;
  /** ms a job's lock lasts without renewal: a worker silent this long is taken for dead (default 30000). */
  lockDurationMs?: number;
  /** ms between checks for jobs whose worker died (default 30000). */
  stalledIntervalMs?: number;
  /** Times a job may be recovered from a dead worker before it gets an error result (default 1). */
  maxStalledCount?: number;
  /** Called after each result is stored (the CLI logs it); never decides the job's outcome. */
  onResult?: (event: { batchId: string; result: BatchResult; durationMs: number }) => void;
  /** Called with errors of the worker itself (Redis connection trouble); the worker keeps going. */
  onError?: (error: Error) => void;
}

/** A running worker. */
export interface QueueWorker {
  readonly name: string;
  /** Stops taking jobs, lets running ones finish, then closes what the worker opened. */
  close(): Promise<void>;
}

// With no request limit set, BullMQ skips its limiter check entirely, and `queue.rateLimit` (our 429 pause)
// would do nothing: this limit is never reached but keeps the check on.
const unreachableJobsPerSecond = 1_000_000_000;

function limiterFor(requestsPerSecond: number | undefined): { max: number; duration: number } | undefined {
  if (requestsPerSecond === undefined) return undefined;
  if (!Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0) {
    throw new RangeError(`rateLimit.requestsPerSecond must be a positive number, not ${requestsPerSecond}`);
  }
  // BullMQ counts whole jobs per duration: 0.5/s becomes 1 per 2000 ms.
  return Number.isInteger(requestsPerSecond)
    ? { max: requestsPerSecond, duration: 1000 }
    : { max: 1, duration: Math.round(1000 / requestsPerSecond) };
}

function checkOptionalInteger(option: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
    throw new RangeError(`${option} must be a whole number of at least ${min}, not ${String(value)}`);
  }
}

/**
 * Starts a worker that takes the queue's jobs and runs each through `agenerate`, storing one result per
 * request. A provider 429 seen by a call pauses the whole queue (every worker, every machine) for the wait
 * the pipeline chose, `Retry-After` when the provider sent one. Throws a TypeError or RangeError for bad
 * options, synchronously; rejects when Redis cannot be reached.
 */
export async function startWorker(options: WorkerOptions): Promise<QueueWorker> {
  const name = checkQueueName(options?.name);
  if ((options.llm === undefined) === (options.provider === undefined)) {
    throw new TypeError('startWorker needs an llm, or a provider (with llmOptions) to create one');
  }
  const concurrency = options.concurrency ?? 4;
  checkOptionalInteger('concurrency', concurrency, 1);
  checkOptionalInteger('lockDurationMs', options.lockDurationMs, 1);
  checkOptionalInteger('stalledIntervalMs', options.stalledIntervalMs, 1);
  checkOptionalInteger('maxStalledCount', options.maxStalledCount, 0);
  const requestLimit = limiterFor(options.rateLimit?.requestsPerSecond);
  const tokensPerMinute = options.rateLimit?.tokensPerMinute;
  if (tokensPerMinute !== undefined && options.llm !== undefined) {
    throw new TypeError(
      'rateLimit.tokensPerMinute needs provider and llmOptions; for your own llm, give it createTokenBudget(…) as rateLimit',
    );
  }

  const { client, owned } = resolveConnection(options.connection);
  const budget: TokenBudget | undefined =
    tokensPerMinute === undefined
      ? undefined
      : createTokenBudget({ connection: client, name, tokensPerMinute });
  const llm =
    options.llm ??
    createLLM(options.provider as string, {
      ...options.llmOptions,
      ...(budget === undefined ? {} : { rateLimit: budget }),
    });
  const store = createBatchStore(client, name);
  const queue = new Queue<BatchJobData>(name, { connection: client });
  if (requestLimit !== undefined) await queue.setGlobalRateLimit(requestLimit.max, requestLimit.duration);

  // One pause at a time from this process: a shorter Retry-After must not cut a longer pause short.
  let pausedUntil = 0;
  const pauseQueue = (ms: number): void => {
    const until = Date.now() + ms;
    if (ms <= 0 || until <= pausedUntil) return;
    pausedUntil = until;
    queue.rateLimit(ms).catch((error: unknown) => options.onError?.(error as Error));
  };
  // The pipeline retries a 429 inside the call after the provider's wait; meanwhile no worker anywhere
  // starts another job, which is what the provider asked of the whole account.
  const stopListening = events.on('retry', (event) => {
    if (event.provider === llm.provider && RateLimitError.isInstance(event.error)) pauseQueue(event.delayMs);
  });

  const report = (batchId: string, result: BatchResult, startedAt: number): void => {
    try {
      options.onResult?.({ batchId, result, durationMs: performance.now() - startedAt });
    } catch {
      // A logging callback must not decide the job's outcome.
    }
  };

  const worker = new Worker<BatchJobData>(
    name,
    async (job: Job<BatchJobData>, _token?: string, signal?: AbortSignal) => {
      const { batchId, index, request } = job.data;
      // Run again after its worker died between storing the result and telling BullMQ: nothing to do.
      if (await store.hasResult(batchId, index)) return;
      const startedAt = performance.now();
      const result = await runBatchRequest(llm, request, index, signal, pauseQueue);
      if ((await store.save(batchId, result)) === 'stored') report(batchId, result, startedAt);
    },
    {
      connection: client,
      concurrency,
      autorun: false,
      limiter: requestLimit ?? { max: unreachableJobsPerSecond, duration: 1000 },
      ...(options.lockDurationMs === undefined ? {} : { lockDuration: options.lockDurationMs }),
      ...(options.stalledIntervalMs === undefined ? {} : { stalledInterval: options.stalledIntervalMs }),
      ...(options.maxStalledCount === undefined ? {} : { maxStalledCount: options.maxStalledCount }),
    },
  );
  worker.on('error', (error) => options.onError?.(error));
  // BullMQ fails a job for good only when the worker broke (its attempts ran out) or the job outlived
  // `maxStalledCount` dead workers; it still gets a result, so the batch has no gap and `wait()` ends.
  worker.on('failed', (job, error) => {
    if (job === undefined) return;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) return;
    const { batchId, index, request } = job.data;
    const result: BatchResult = { id: request.id ?? index, index, error: describeError(error) };
    store.save(batchId, result).catch((saveError: unknown) => options.onError?.(saveError as Error));
  });
  void worker.run().catch((error: unknown) => options.onError?.(error as Error));
  await worker.waitUntilReady();

  let closing: Promise<void> | undefined;
  return {
    name,
    close() {
      closing ??= (async () => {
        await worker.close();
        stopListening();
        await queue.close();
        await budget?.close();
        if (options.llm === undefined) await llm.unloadModel();
        if (owned) await client.quit().catch(() => client.disconnect());
      })();
      return closing;
    },
  };
}
