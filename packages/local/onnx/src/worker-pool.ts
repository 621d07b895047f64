import { InvalidRequestError, ProviderAPIError } from '@core/types';
import { defaultOnnxMaxBatchSize } from './onnx-options.js';
import {
  type CountJob,
  type EmbedOutput,
  endPoolWorker,
  type GenerateJob,
  type PoolWorker,
  type QueuedJob,
  type Settle,
  send,
  startPoolWorker,
  waitForExit,
} from './pool-worker.js';
import { rebuildWorkerError } from './rebuild-worker-error.js';
import type {
  FromWorkerMessage,
  GenerationReport,
  LoadedModelFacts,
  OnnxLoadProgress,
  WorkerGenerateRequest,
  WorkerLoadSettings,
} from './worker-messages.js';

export type { EmbedOutput } from './pool-worker.js';

/** What a pool needs: the worker script, how many workers, and how each loads the model. */
export interface WorkerPoolOptions {
  workerUrl: URL;
  /** The most workers (each batches up to `maxBatchSize` generations, or runs one where the model cannot batch). */
  size: number;
  /**
   * How every worker loads the model (`reportProgress` is decided by the pool); `batching` defaults to on and
   * `maxBatchSize` to `defaultOnnxMaxBatchSize`.
   */
  load: Omit<WorkerLoadSettings, 'reportProgress' | 'batching' | 'maxBatchSize'> &
    Partial<Pick<WorkerLoadSettings, 'batching' | 'maxBatchSize'>>;
  onProgress?: ((progress: OnnxLoadProgress) => void) | undefined;
  /** ms `close` waits for a worker to free its model and exit before it lets go of it (default 5000). */
  closeGraceMs?: number;
}

/** A generation handed to the pool. */
export interface GenerationJob {
  /** Settles when the worker has finished or stopped the generation (`aborted` says which). */
  readonly report: Promise<GenerationReport>;
  /** Removes it from the queue, or has its worker stop after the current forward pass. */
  cancel(): void;
}

/** How busy a pool is, for diagnostics and tests. */
export interface WorkerPoolStats {
  workers: number;
  loadedWorkers: number;
  busyWorkers: number;
  /** Jobs the workers run now (a batching worker runs several). */
  runningJobs: number;
  queuedJobs: number;
  /** Generations one loaded worker runs at once (1 until a worker has loaded, or when it cannot batch). */
  batchCapacity: number;
  /** Why the workers run one sequence at a time, as the first loaded worker found; undefined when they batch. */
  sequentialReason: string | undefined;
  /** Workers started so far, replacements included. */
  startedWorkers: number;
}

/** The workers of one model and their queue. */
export interface WorkerPool {
  generate(request: WorkerGenerateRequest, onText?: (text: string) => void): GenerationJob;
  embed(input: string[]): Promise<EmbedOutput>;
  /** Answered by a loaded worker between two of its forward passes, even while it generates. */
  countTokens(text: string): Promise<number>;
  /** The model's context in tokens, once a worker has loaded it. */
  readonly contextLength: number | undefined;
  /**
   * What a loaded worker reported about the model (starting one if none runs); rejects as a queued job would
   * when the model cannot load.
   */
  whenLoaded(): Promise<LoadedModelFacts>;
  stats(): WorkerPoolStats;
  /** Fails what is queued or running with `reason`, frees the model in every worker and ends them. */
  close(reason: Error): Promise<void>;
}

const notStarted: GenerationReport = {
  text: undefined,
  inputTokens: 0,
  outputTokens: 0,
  finishReason: 'stop',
  rawFinishReason: 'aborted',
  aborted: true,
};

/**
 * A queue per model served by up to `size` worker threads, started on demand: the first one loads the model
 * (and downloads it, reporting progress) before any other starts, so the others read a warm cache. A worker
 * that dies fails only what it was running and is replaced on the next demand; a load that fails fails the
 * queue (it would fail the same way again) instead of restarting forever. Idle workers are `unref`ed, so
 * they never keep the process alive; a worker with work (or loading) is `ref`ed, so an awaited call is not
 * cut short.
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const model = options.load.model;
  const closeGraceMs = options.closeGraceMs ?? 5000;
  const load: Omit<WorkerLoadSettings, 'reportProgress'> = {
    ...options.load,
    batching: options.load.batching ?? true,
    maxBatchSize: options.load.maxBatchSize ?? defaultOnnxMaxBatchSize,
  };
  const workers: PoolWorker[] = [];
  const queue: QueuedJob[] = [];
  const waitingCounts: CountJob[] = [];
  const waitingFacts: Settle<LoadedModelFacts>[] = [];
  let nextJobId = 1;
  let startedWorkers = 0;
  let facts: LoadedModelFacts | undefined; // from the first worker that loaded (all load the same model)
  let closed: Error | undefined;

  function reportProgress(progress: OnnxLoadProgress): void {
    try {
      options.onProgress?.(progress);
    } catch {
      // A failing progress callback (a closed terminal) must not fail the load it reports on.
    }
  }

  function updateRefs(): void {
    for (const worker of workers) {
      // A loading or ending worker is held too: a process that exits while a thread is inside ONNX
      // Runtime's native session code can abort, so it waits the moment that takes.
      const hasWork = worker.jobs.size > 0 || worker.counts.size > 0 || !worker.loaded || worker.ending;
      if (hasWork) worker.thread.ref();
      else worker.thread.unref();
    }
  }

  function failQueued(error: unknown): void {
    for (const job of queue.splice(0)) job.reject(error);
    for (const count of waitingCounts.splice(0)) count.reject(error);
    for (const waiting of waitingFacts.splice(0)) waiting.reject(error);
  }

  function remove(worker: PoolWorker): void {
    const index = workers.indexOf(worker);
    if (index !== -1) workers.splice(index, 1);
  }

  function finishJob(worker: PoolWorker, jobId: number): QueuedJob | undefined {
    const job = worker.jobs.get(jobId);
    worker.jobs.delete(jobId);
    return job;
  }

  function takeJobs(worker: PoolWorker): QueuedJob[] {
    const jobs = [...worker.jobs.values()];
    worker.jobs.clear();
    return jobs;
  }

  function onMessage(worker: PoolWorker, message: FromWorkerMessage): void {
    switch (message.type) {
      case 'progress':
        if (worker.reportsProgress) reportProgress(message.progress);
        return;
      case 'loaded':
        worker.loaded = true;
        worker.capacity = Math.max(1, message.facts.batchCapacity);
        facts = message.facts;
        for (const waiting of waitingFacts.splice(0)) waiting.resolve(message.facts);
        if (worker.reportsProgress) {
          reportProgress({ status: 'ready', model, file: '', loaded: undefined, total: undefined });
        }
        break;
      case 'load-failed': {
        const error = rebuildWorkerError(message.error, model);
        remove(worker);
        endPoolWorker(worker);
        worker.thread.unref();
        // With no worker left that loaded, whatever waits would only meet the same failure.
        if (!workers.some((other) => other.loaded)) failQueued(error);
        break;
      }
      case 'text': {
        const job = worker.jobs.get(message.jobId);
        if (job?.kind === 'generate') {
          job.textSeen = true;
          job.onText?.(message.text);
        }
        return;
      }
      case 'generated': {
        const job = finishJob(worker, message.jobId);
        if (job?.kind === 'generate') job.resolve(message.report);
        break;
      }
      case 'embedded': {
        const job = finishJob(worker, message.jobId);
        if (job?.kind === 'embed') {
          job.resolve({
            vectors: message.vectors,
            dimensions: message.dimensions,
            inputTokens: message.inputTokens,
          });
        }
        break;
      }
      case 'counted': {
        const count = worker.counts.get(message.jobId);
        worker.counts.delete(message.jobId);
        count?.resolve(message.count);
        break;
      }
      case 'job-failed': {
        const error = rebuildWorkerError(message.error, model);
        const count = worker.counts.get(message.jobId);
        if (count !== undefined) {
          worker.counts.delete(message.jobId);
          count.reject(error);
        } else {
          finishJob(worker, message.jobId)?.reject(error);
        }
        break;
      }
    }
    dispatch();
  }

  function onExit(worker: PoolWorker, exitCode: number): void {
    remove(worker);
    if (!worker.ending) {
      const reason = worker.crash === undefined ? `exit code ${exitCode}` : worker.crash.message;
      const error = new ProviderAPIError({
        provider: 'onnx',
        model,
        code: 'worker_exited',
        // A thread that died (out of memory, a native abort, an uncaught error) may not die again.
        retryable: true,
        message: `The ONNX worker for ${model} stopped (${reason}) while running this request`,
        ...(worker.crash === undefined ? {} : { cause: worker.crash }),
      });
      // A batch shares its thread: every job on it stopped. One whose text nobody has seen yet runs again, once
      // and alone (`isolated`), so an innocent batch-mate of a request that kills its thread is not lost; the
      // culprit dies alone the second time and fails then.
      const retried: GenerateJob[] = [];
      for (const job of takeJobs(worker)) {
        if (job.kind === 'generate' && !job.textSeen && !job.isolated) {
          job.isolated = true;
          retried.push(job);
        } else {
          job.reject(error);
        }
      }
      queue.unshift(...retried);
      for (const count of worker.counts.values()) count.reject(error);
      worker.counts.clear();
      if (!worker.loaded && !workers.some((other) => other.loaded)) failQueued(error);
    }
    dispatch();
  }

  function start(): void {
    const reportsProgress = startedWorkers === 0 && options.onProgress !== undefined;
    startedWorkers++;
    workers.push(
      startPoolWorker(options.workerUrl, { ...load, reportProgress: reportsProgress }, { onMessage, onExit }),
    );
  }

  function assign(worker: PoolWorker, job: QueuedJob): void {
    worker.jobs.set(job.id, job);
    try {
      if (job.kind === 'generate') {
        send(worker, { type: 'generate', jobId: job.id, request: job.request, abortFlag: job.abortFlag });
      } else {
        send(worker, { type: 'embed', jobId: job.id, input: job.input });
      }
    } catch (error) {
      // Only a value that cannot be cloned gets here (a function in providerOptions).
      worker.jobs.delete(job.id);
      job.reject(
        new InvalidRequestError({
          provider: 'onnx',
          model,
          message: `The request cannot be sent to the ONNX worker: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        }),
      );
    }
  }

  // An embedding or a job retried after a crash runs alone on its worker.
  function runsAlone(job: QueuedJob): boolean {
    return job.kind === 'embed' || job.isolated;
  }

  /** The loaded worker with the fewest jobs that can take `job` now, if any. */
  function workerFor(job: QueuedJob): PoolWorker | undefined {
    let best: PoolWorker | undefined;
    for (const worker of workers) {
      if (!worker.loaded || worker.ending) continue;
      const size = worker.jobs.size;
      const free = runsAlone(job)
        ? size === 0
        : size < worker.capacity && ![...worker.jobs.values()].some(runsAlone);
      if (free && (best === undefined || size < best.jobs.size)) best = worker;
    }
    return best;
  }

  function dispatch(): void {
    if (closed !== undefined) return;
    // In queue order: the head waits for a place rather than be overtaken (a batch-sized stream of short
    // jobs must not starve an embedding). Each job goes to the least busy worker, so load spreads.
    while (queue.length > 0) {
      const worker = workerFor(queue[0] as QueuedJob);
      if (worker === undefined) break;
      assign(worker, queue.shift() as QueuedJob);
    }
    if (waitingCounts.length > 0) {
      const loaded = workers.filter((worker) => worker.loaded);
      const target = loaded.find((worker) => worker.jobs.size === 0) ?? loaded[0];
      if (target !== undefined) {
        for (const count of waitingCounts.splice(0)) {
          target.counts.set(count.id, count);
          send(target, { type: 'count-tokens', jobId: count.id, text: count.text });
        }
      }
    }
    if (workers.length === 0 && (queue.length > 0 || waitingCounts.length > 0 || waitingFacts.length > 0)) {
      start();
    } else if (facts !== undefined) {
      // Only after a first load: the others then read the files the first one downloaded. A worker per
      // request that runs or waits, up to `size`: batching within a worker does not stop the pool from
      // spreading requests over the workers the caller asked for.
      let demand = queue.length;
      for (const worker of workers) demand += worker.jobs.size;
      let wanted = Math.min(demand - workers.length, options.size - workers.length);
      for (; wanted > 0; wanted--) start();
    }
    updateRefs();
  }

  function ensureOpen(): void {
    if (closed !== undefined) throw closed;
  }

  return {
    generate(request, onText) {
      ensureOpen();
      const abortFlag = new Int32Array(new SharedArrayBuffer(4));
      let job: GenerateJob | undefined;
      const report = new Promise<GenerationReport>((resolve, reject) => {
        job = {
          kind: 'generate',
          id: nextJobId++,
          request,
          onText,
          abortFlag,
          textSeen: false,
          isolated: false,
          resolve,
          reject,
        };
      });
      if (job === undefined) throw new Error('unreachable: the promise executor runs synchronously');
      const queued = job;
      queue.push(queued);
      dispatch();
      return {
        report,
        cancel() {
          const index = queue.indexOf(queued);
          if (index !== -1) {
            queue.splice(index, 1);
            queued.resolve(notStarted);
            updateRefs();
            return;
          }
          Atomics.store(abortFlag, 0, 1);
        },
      };
    },

    embed(input) {
      ensureOpen();
      return new Promise<EmbedOutput>((resolve, reject) => {
        queue.push({ kind: 'embed', id: nextJobId++, input, resolve, reject });
        dispatch();
      });
    },

    countTokens(text) {
      ensureOpen();
      return new Promise<number>((resolve, reject) => {
        waitingCounts.push({ id: nextJobId++, text, resolve, reject });
        dispatch();
      });
    },

    get contextLength() {
      return facts?.contextLength;
    },

    whenLoaded() {
      ensureOpen();
      if (facts !== undefined) return Promise.resolve(facts);
      return new Promise<LoadedModelFacts>((resolve, reject) => {
        waitingFacts.push({ resolve, reject });
        dispatch();
      });
    },

    stats() {
      return {
        workers: workers.length,
        loadedWorkers: workers.filter((worker) => worker.loaded).length,
        busyWorkers: workers.filter((worker) => worker.jobs.size > 0).length,
        runningJobs: workers.reduce((sum, worker) => sum + worker.jobs.size, 0),
        queuedJobs: queue.length,
        batchCapacity: facts?.batchCapacity ?? 1,
        sequentialReason: facts?.sequentialReason,
        startedWorkers,
      };
    },

    async close(reason) {
      if (closed !== undefined) return;
      closed = reason;
      failQueued(reason);
      const exits: Promise<void>[] = [];
      for (const worker of [...workers]) {
        for (const job of takeJobs(worker)) {
          if (job.kind === 'generate') Atomics.store(job.abortFlag, 0, 1);
          job.reject(reason);
        }
        for (const count of worker.counts.values()) count.reject(reason);
        worker.counts.clear();
        endPoolWorker(worker); // a loading worker ends once its load settles; a busy one after its current pass
        exits.push(waitForExit(worker, closeGraceMs));
      }
      await Promise.all(exits);
    },
  };
}
