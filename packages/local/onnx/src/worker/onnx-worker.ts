// The worker thread's entry point (built to dist/worker/onnx-worker.js). Loading a model and every forward pass
// block the thread that runs them; here that thread is this one, never the caller's event loop.
import { parentPort } from 'node:worker_threads';
import type {
  FromWorkerMessage,
  OnnxLoadProgress,
  ToWorkerMessage,
  WorkerLoadSettings,
} from '../worker-messages.js';
import { classifyWorkerError, type WorkerPhase } from './classify-worker-error.js';
import { type LoadedOnnxModel, loadOnnxModel } from './load-onnx-model.js';
import { runOnnxGeneration } from './run-onnx-generation.js';

if (parentPort === null) throw new Error('onnx-worker.js runs only as a worker thread of @local/onnx');
const port = parentPort;

let settings: WorkerLoadSettings | undefined;
let loading: Promise<LoadedOnnxModel> | undefined;
// The generation or embedding in progress: `close` waits for it (its abort flag is already set) rather than
// freeing sessions that a forward pass is about to use.
let running: Promise<void> = Promise.resolve();

function post(message: FromWorkerMessage, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

function fail(jobId: number, error: unknown, phase: WorkerPhase): void {
  if (settings === undefined) throw error;
  post({ type: 'job-failed', jobId, error: classifyWorkerError(error, phase, settings) });
}

function loaded(): Promise<LoadedOnnxModel> {
  if (loading === undefined) throw new Error('onnx worker: a job arrived before the load message');
  return loading;
}

function startLoading(loadSettings: WorkerLoadSettings): void {
  settings = loadSettings;
  const report = loadSettings.reportProgress
    ? (progress: OnnxLoadProgress) => post({ type: 'progress', progress })
    : undefined;
  loading = loadOnnxModel(loadSettings, report);
  loading.then(
    (model) =>
      post({
        type: 'loaded',
        facts: { contextLength: model.contextLength, hasThinkingSwitch: model.hasThinkingSwitch },
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
        const model = await loaded();
        const report = await runOnnxGeneration(model, message.request, message.abortFlag, (text) =>
          post({ type: 'text', jobId: message.jobId, text }),
        );
        post({ type: 'generated', jobId: message.jobId, report });
      } catch (error) {
        fail(message.jobId, error, 'run');
      }
      return;
    case 'embed':
      try {
        const model = await loaded();
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
        const model = await loaded();
        const count = model.tokenizer.encode(message.text, { add_special_tokens: false }).length;
        post({ type: 'counted', jobId: message.jobId, count });
      } catch (error) {
        fail(message.jobId, error, 'run');
      }
      return;
    case 'close':
      try {
        await running;
        await (await loading)?.dispose();
      } finally {
        // Ends this thread (not the process): the native sessions are released first, above.
        process.exit(0);
      }
  }
}

port.on('message', (message: ToWorkerMessage) => {
  const handled = handle(message);
  if (message.type === 'generate' || message.type === 'embed') running = handled;
});
