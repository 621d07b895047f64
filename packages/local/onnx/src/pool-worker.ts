import { Worker } from 'node:worker_threads';
import type {
  FromWorkerMessage,
  GenerationReport,
  ToWorkerMessage,
  WorkerGenerateRequest,
  WorkerLoadSettings,
} from './worker-messages.js';

/** How a job's caller is answered. */
export interface Settle<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A generation waiting in the queue or running in a worker. */
export interface GenerateJob extends Settle<GenerationReport> {
  kind: 'generate';
  id: number;
  request: WorkerGenerateRequest;
  onText: ((text: string) => void) | undefined;
  /** One Int32 on a SharedArrayBuffer the worker reads after each forward pass; 1 stops it. */
  abortFlag: Int32Array;
  /** Text of it has reached the caller: after a crash it can no longer run again unseen. */
  textSeen: boolean;
  /**
   * It was on a worker that died before any of its text was seen: it runs again once, alone, so a request
   * that kills its thread takes no batch-mate with it twice.
   */
  isolated: boolean;
}

/** Embeddings from one `embed` job: row-major, `dimensions` numbers per input. */
export interface EmbedOutput {
  vectors: Float32Array;
  dimensions: number;
  inputTokens: number;
}

/** An embedding batch waiting in the queue or running in a worker. */
export interface EmbedJob extends Settle<EmbedOutput> {
  kind: 'embed';
  id: number;
  input: string[];
}

/** What the queue holds: the jobs that occupy a worker (generations batch; an embedding runs alone). */
export type QueuedJob = GenerateJob | EmbedJob;

/** A token count, answered beside whatever job the worker runs. */
export interface CountJob extends Settle<number> {
  id: number;
  text: string;
}

/** One worker thread as its pool sees it. */
export interface PoolWorker {
  thread: Worker;
  loaded: boolean;
  /** Generations it runs at once once loaded (its batch size, 1 when it cannot batch). */
  capacity: number;
  /** The queued jobs it runs, by id. */
  jobs: Map<number, QueuedJob>;
  /** Token counts it answers beside its job. */
  counts: Map<number, CountJob>;
  /** The pool asked it to end; its exit is no crash. */
  ending: boolean;
  reportsProgress: boolean;
  /** The uncaught error that is about to end it, for the crash message. */
  crash: Error | undefined;
  /** Settles when the thread has exited, for whatever reason. */
  exited: Promise<void>;
}

/** What a pool hears from its workers. */
export interface PoolWorkerEvents {
  onMessage(worker: PoolWorker, message: FromWorkerMessage): void;
  onExit(worker: PoolWorker, exitCode: number): void;
}

/** Posts one message of the union to a worker. */
export function send(worker: PoolWorker, message: ToWorkerMessage): void {
  worker.thread.postMessage(message);
}

/** Starts a worker thread on `workerUrl` and has it load the model at once. */
export function startPoolWorker(
  workerUrl: URL,
  load: WorkerLoadSettings,
  events: PoolWorkerEvents,
): PoolWorker {
  const thread = new Worker(workerUrl, { name: `onnx ${load.model}` });
  let markExited: () => void = () => {};
  const worker: PoolWorker = {
    thread,
    loaded: false,
    capacity: 1,
    jobs: new Map(),
    counts: new Map(),
    ending: false,
    reportsProgress: load.reportProgress,
    crash: undefined,
    exited: new Promise<void>((resolve) => {
      markExited = resolve;
    }),
  };
  thread.on('message', (message: FromWorkerMessage) => events.onMessage(worker, message));
  thread.on('error', (error: Error) => {
    worker.crash = error;
  });
  thread.on('exit', (exitCode: number) => {
    markExited();
    events.onExit(worker, exitCode);
  });
  send(worker, { type: 'load', settings: load });
  return worker;
}

/**
 * Asks a worker to free its model and exit; it is never terminated: terminating a thread while ONNX
 * Runtime is inside native code (creating a session) aborts the whole process. A loading worker ends once
 * its load settles, a busy one after its current forward pass.
 */
export function endPoolWorker(worker: PoolWorker): void {
  if (worker.ending) return;
  worker.ending = true;
  send(worker, { type: 'close' });
}

/**
 * Waits for an ending worker to exit, holding the process meanwhile (so an awaited `unloadModel()` settles
 * before it may end); one still inside a long forward pass after `graceMs` is let go (unref'ed) instead.
 */
export function waitForExit(worker: PoolWorker, graceMs: number): Promise<void> {
  worker.thread.ref();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      worker.thread.unref();
      resolve();
    }, graceMs);
  });
  return Promise.race([worker.exited, grace]).finally(() => clearTimeout(timer));
}
