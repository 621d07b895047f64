// Every message that crosses the thread boundary, in both directions, is one variant of `WorkerMessage`.
// Both sides narrow on `type`; nothing else is ever posted. Typed arrays travel in the transfer list.

/** Where a model's files come from: a folder on disk, or a hub repository (downloaded into the cache). */
export type ModelSource = { kind: 'directory'; path: string } | { kind: 'hub'; id: string };

/** A chat message as the model's chat template reads it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One update while a model's files load (download, cache or disk), for a progress bar. */
export interface OnnxLoadProgress {
  /** `initiate`, `download`, `progress` (bytes), `done` for each file; `ready` once the model can run. */
  status: 'initiate' | 'download' | 'progress' | 'done' | 'ready';
  /** The model as the caller named it. */
  model: string;
  /** The file inside the model (`onnx/model_quantized.onnx`); empty for `ready`. */
  file: string;
  /** Bytes read so far, where known. */
  loaded: number | undefined;
  /** The file's size in bytes, where known. */
  total: number | undefined;
}

/** How a worker loads its model: fixed per pool, sent once when the worker starts. */
export interface WorkerLoadSettings {
  /** The model as the caller named it (progress and error messages say this). */
  model: string;
  source: ModelSource;
  /** transformers.js dtype (`q8`, `q4`, `fp32`…) or one per session; undefined lets the model's config choose. */
  dtype: string | Readonly<Record<string, string>> | undefined;
  revision: string | undefined;
  /** ONNX Runtime intra-op threads of this worker. */
  threads: number;
  allowRemoteModels: boolean;
  cacheDir: string;
  /** The hub host (`https://huggingface.co/` unless a mirror is set), with a trailing slash. */
  remoteHost: string | undefined;
  /** Post `progress` messages while loading (only the first load of a pool reports). */
  reportProgress: boolean;
  /** Run requests as one continuous batch where the model allows (false: one sequence at a time). */
  batching: boolean;
  /** The most requests one worker batches together. */
  maxBatchSize: number;
}

/** One generation as the worker runs it. */
export interface WorkerGenerateRequest {
  messages: ChatMessage[];
  maxNewTokens: number;
  temperature: number | undefined;
  topP: number | undefined;
  topK: number | undefined;
  seed: number | undefined;
  stop: string[];
  /**
   * `enable_thinking` for the chat template (Qwen3-style templates read it); undefined passes nothing. Set only
   * for a model whose template has the switch (`LoadedModelFacts.hasThinkingSwitch`).
   */
  enableThinking: boolean | undefined;
  /** Post each piece of text as it is decoded (`text` messages) instead of all of it in the report. */
  stream: boolean;
  /** transformers.js generation options from `providerOptions`, applied last. */
  generationOptions: Record<string, unknown> | undefined;
}

/** What the main thread learns about a model once a worker has loaded it. */
export interface LoadedModelFacts {
  /** `max_position_embeddings` from config.json, where it says. */
  contextLength: number | undefined;
  /** Whether the chat template reads `enable_thinking`, the one reasoning control a template has. */
  hasThinkingSwitch: boolean;
  /** How many generations the worker runs at once: `maxBatchSize` when it batches, else 1. */
  batchCapacity: number;
  /** Why the worker runs one sequence at a time (`batching: false`, or what the model lacks); undefined when it batches. */
  sequentialReason: string | undefined;
}

/** How a finished (or aborted) generation went. */
export interface GenerationReport {
  /** The whole text when the request did not stream; undefined when it did. */
  text: string | undefined;
  inputTokens: number;
  outputTokens: number;
  finishReason: 'stop' | 'length';
  /** `eos_token`, `max_new_tokens`, `stop_sequence` or `aborted`. */
  rawFinishReason: string;
  aborted: boolean;
}

/** What kind of failure a worker saw; the main thread turns it into one of our error classes. */
export type WorkerErrorKind =
  | 'model-not-found'
  | 'load-failed'
  | 'connection'
  | 'context-length'
  | 'invalid-request'
  | 'failed';

/** A worker error as plain data (Error objects lose their class crossing threads). */
export interface SerializedWorkerError {
  kind: WorkerErrorKind;
  message: string;
  /** A short machine-readable reason (`offline`, `model_load_failed`…). */
  code: string | undefined;
  /** The original error's name and stack, kept as the rebuilt error's cause. */
  name: string | undefined;
  stack: string | undefined;
}

/** Every message between the main thread and an ONNX worker. */
export type WorkerMessage =
  // main → worker
  | { type: 'load'; settings: WorkerLoadSettings }
  | {
      type: 'generate';
      jobId: number;
      request: WorkerGenerateRequest;
      /** One Int32 on a SharedArrayBuffer; the main thread stores 1 to stop between two forward passes. */
      abortFlag: Int32Array;
    }
  | { type: 'embed'; jobId: number; input: string[] }
  | { type: 'count-tokens'; jobId: number; text: string }
  | { type: 'close' }
  // worker → main
  | { type: 'progress'; progress: OnnxLoadProgress }
  | { type: 'loaded'; facts: LoadedModelFacts }
  | { type: 'load-failed'; error: SerializedWorkerError }
  | { type: 'text'; jobId: number; text: string }
  | { type: 'generated'; jobId: number; report: GenerationReport }
  /** Row-major `[input.length, dimensions]`, its buffer transferred. */
  | { type: 'embedded'; jobId: number; vectors: Float32Array; dimensions: number; inputTokens: number }
  | { type: 'counted'; jobId: number; count: number }
  | { type: 'job-failed'; jobId: number; error: SerializedWorkerError };

/** The messages the main thread sends. */
export type ToWorkerMessage = Extract<
  WorkerMessage,
  { type: 'load' | 'generate' | 'embed' | 'count-tokens' | 'close' }
>;

/** The messages a worker sends. */
export type FromWorkerMessage = Exclude<WorkerMessage, ToWorkerMessage>;
