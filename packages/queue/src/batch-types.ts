import type { GenerateOptions, GenerateResponse, Message } from '@core/types';

/**
 * The options of one queued request: those of `agenerate` that survive a trip through Redis as JSON.
 * A signal, a zod `responseModel`, tools with `execute` functions and streaming stay in-process only.
 */
export type BatchRequestOptions = Omit<
  GenerateOptions,
  'signal' | 'stream' | 'responseModel' | 'tools' | 'toolChoice' | 'messages'
>;

/** One request of a batch: what `agenerate` takes, a prompt or a conversation, and the caller's own id. */
export interface BatchRequest {
  /** The caller's id for this request; the request's position in the batch when left out. */
  id?: string | number;
  prompt?: string;
  messages?: Message[];
  options?: BatchRequestOptions;
}

/** A response as stored in Redis: the `GenerateResponse` without `raw`, the provider's whole decoded body. */
export type BatchResponse = Omit<GenerateResponse, 'raw'>;

/** Why a request failed for good: the error's class name, its provider code (or `null`) and message. */
export interface BatchError {
  name: string;
  code: string | null;
  message: string;
}

/** One request's outcome: its id, its position in the submitted array, and a response or an error. */
export type BatchResult =
  | { id: string | number; index: number; response: BatchResponse }
  | { id: string | number; index: number; error: BatchError };

/** How far a batch has got: `done` counts every stored result (failures included), `failed` the failures. */
export interface BatchProgress {
  done: number;
  failed: number;
  total: number;
}

/** Options of `submit`. */
export interface SubmitOptions {
  /** The batch's id (default: a random UUID); a batch with this id must not exist yet. */
  batchId?: string;
  /** How long the batch's results stay in Redis after its latest result, in ms (default 7 days). */
  retentionMs?: number;
  /**
   * Runs of a job BullMQ makes when the worker itself fails (Redis unreachable while storing the result);
   * a failed model call is never re-run this way (default 3).
   */
  attempts?: number;
}

/** A submitted batch, whether from `submit` or reopened by id with `open`. */
export interface Batch {
  readonly id: string;
  /** Progress as Redis has it now. Rejects with a RangeError once the batch has expired. */
  progress(): Promise<BatchProgress>;
  /**
   * Every result, each once, in the order they were stored (from the first, whenever this is called),
   * ending after the last. Rejects with a RangeError when the batch expires before it is complete.
   */
  results(options?: { signal?: AbortSignal }): AsyncIterable<BatchResult>;
  /** Resolves with the final progress once every request has a result. */
  wait(options?: { signal?: AbortSignal }): Promise<BatchProgress>;
}
