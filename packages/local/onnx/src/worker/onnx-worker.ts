// The worker thread's entry point (built to dist/worker/onnx-worker.js). Loading a model and every forward pass
// block the thread that runs them; here that thread is this one, never the caller's event loop.
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import type {
  FromWorkerMessage,
  OnnxLoadProgress,
  ToWorkerMessage,
  WorkerLoadSettings,
} from '../worker-messages.js';
import { classifyWorkerError, type WorkerPhase } from './classify-worker-error.js';
import { type BatchEngine, createBatchEngine } from './create-batch-engine.js';
import { detectBatchingSupport } from './detect-batching-support.js';
import { type LoadedOnnxModel, loadOnnxModel } from './load-onnx-model.js';
import { runOnnxGeneration } from './run-onnx-generation.js';

if (parentPort === null) throw new Error('onnx-worker.js runs only as a worker thread of @local/onnx');
const port = parentPort;

/** A loaded model and how this worker runs its generations. */
interface WorkerModel {
  loaded: LoadedOnnxModel;
  /** The continuous batch, or undefined when generations run one at a time through `generate()`. */
  engine: BatchEngine | undefined;
  sequentialReason: string | undefined;
}

let settings: WorkerLoadSettings | undefined;
let loading: Promise<WorkerModel> | undefined;
// The last sequential generation or embedding: the next one starts after it (one `generate()` at a time),
// and `close` waits for it (its abort flag is already set) rather than freeing sessions a pass is about to use.
let running: Promise<void> = Promise.resolve();

function post(message: FromWorkerMessage, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

function fail(jobId: number, error: unknown, phase: WorkerPhase): void {
  if (settings === undefined) throw error;
  post({ type: 'job-failed', jobId, error: classifyWorkerError(error, phase, settings) });
}

/**
 * Loads the model and decides, once, how it generates: batched when `batching` is on and the decoder allows
 * it, else one sequence at a time, for the reason the main thread receives in `loaded` (`sequentialReason`).
 */
async function loadWorkerModel(
  loadSettings: WorkerLoadSettings,
  report: ((progress: OnnxLoadProgress) => void) | undefined,
): Promise<WorkerModel> {
  const loaded = await loadOnnxModel(loadSettings, report);
  if (!loadSettings.batching) {
    return { loaded, engine: undefined, sequentialReason: 'batching is off (batching: false)' };
  }
  const folder =
    loadSettings.source.kind === 'directory'
      ? loadSettings.source.path
      : join(loadSettings.cacheDir, loadSettings.source.id);
  const support = await detectBatchingSupport(loaded.model, folder);
  if (!support.batchable) return { loaded, engine: undefined, sequentialReason: support.reason };
  return {
    loaded,
    engine: createBatchEngine(loaded, support, loadSettings.maxBatchSize),
    sequentialReason: undefined,
  };
}

function loaded(): Promise<WorkerModel> {
  if (loading === undefined) throw new Error('onnx worker: a job arrived before the load message');
  return loading;
}

function startLoading(loadSettings: WorkerLoadSettings): void {
  settings = loadSettings;
  const report = loadSettings.reportProgress
    ? (progress: OnnxLoadProgress) => post({ type: 'progress', progress })
    : undefined;
  loading = loadWorkerModel(loadSettings, report);
  loading.then(
    ({ loaded: model, engine, sequentialReason }) =>
      post({
        type: 'loaded',
        facts: {
          contextLength: model.contextLength,
          hasThinkingSwitch: model.hasThinkingSwitch,
          batchCapacity: engine === undefined ? 1 : loadSettings.maxBatchSize,
          sequentialReason,
        },
      }),
    (error: unknown) =>
      post({ type: 'load-failed', error: classifyWorkerError(error, 'load', loadSettings) }),
  );
}

async function handle(message: ToWorkerMessage): Promise<void> {
  switch (message.type) {
    case 'load':
      startLoading(message.settings);
      return;
    case 'generate':
      try {
        const { loaded: model, engine } = await loaded();
        const onText = (text: string) => post({ type: 'text', jobId: message.jobId, text });
        const report =
          engine === undefined
            ? await runOnnxGeneration(model, message.request, message.abortFlag, onText)
            : await engine.submit(message.request, message.abortFlag, onText);
        post({ type: 'generated', jobId: message.jobId, report });
      } catch (error) {
        fail(message.jobId, error, 'run');
      }
      return;
    case 'embed':
      try {
        const { loaded: model } = await loaded();
        const extractor = await model.embedder();
        const output = await extractor(message.input, { pooling: 'mean', normalize: true });
        const data = output.data as Float32Array;
        // Transfer a buffer that holds exactly these vectors (a view into a larger one would move all of it).
        const vectors =
          data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
        let inputTokens = 0;
        for (const text of message.input) inputTokens += model.tokenizer.encode(text).length;
        post(
          {
            type: 'embedded',
            jobId: message.jobId,
            vectors,
            dimensions: output.dims.at(-1) ?? 0,
            inputTokens,
          },
          [vectors.buffer as ArrayBuffer],
        );
      } catch (error) {
        fail(message.jobId, error, 'run');
      }
      return;
    case 'count-tokens':
      try {
        const { loaded: model } = await loaded();
        const count = model.tokenizer.encode(message.text, { add_special_tokens: false }).length;
        post({ type: 'counted', jobId: message.jobId, count });
      } catch (error) {
        fail(message.jobId, error, 'run');
      }
      return;
    case 'close':
      try {
        await running;
        const model = await loading;
        await model?.engine?.idle();
        await model?.loaded.dispose();
      } finally {
        // Ends this thread (not the process): the native sessions are released first, above.
        process.exit(0);
      }
  }
}

port.on('message', async (message: ToWorkerMessage) => {
  // Batched generations run side by side (the engine orders their passes); the rest run one after another.
  const sequential = message.type === 'embed' || (message.type === 'generate' && !(await isBatching()));
  if (!sequential) {
    await handle(message);
    return;
  }
  const previous = running;
  const handled = previous.then(() => handle(message));
  running = handled;
  await handled;
});

async function isBatching(): Promise<boolean> {
  const model = await loading?.catch(() => undefined);
  return model?.engine !== undefined;
}
