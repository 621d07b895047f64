export type { OnnxAdapter } from './onnx-adapter.js';
export { createOnnxAdapter, onnxCapabilities } from './onnx-adapter.js';
export type { OnnxOptions } from './onnx-options.js';
export {
  defaultOnnxMaxBatchSize,
  defaultOnnxMaxTokens,
  defaultOnnxModel,
  defaultOnnxModelDtype,
} from './onnx-options.js';
export type { OnnxLoadProgress } from './worker-messages.js';
export type { WorkerPoolStats } from './worker-pool.js';
