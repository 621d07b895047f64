import {
  type EmbedRequest,
  type EmbedResult,
  type ModelInfo,
  type ProviderAdapter,
  ProviderAPIError,
  type ProviderCapabilities,
  type ProviderRequest,
  type ProviderResult,
  type ProviderSettings,
  type ProviderStream,
  settleWarnings,
  type Warning,
} from '@core/types';
import { collectOnnxWarnings } from './collect-onnx-warnings.js';
import { convertOnnxUsage } from './convert-onnx-usage.js';
import { convertToChatMessages } from './convert-to-chat-messages.js';
import { type CallLimits, createCallGuard } from './create-call-guard.js';
import { mapOnnxReasoning } from './map-onnx-reasoning.js';
import {
  defaultOnnxMaxTokens,
  dtypeForModel,
  type OnnxSettings,
  resolveOnnxSettings,
} from './onnx-options.js';
import { streamOnnxGeneration } from './onnx-stream.js';
import { resolveModelSource } from './resolve-model-source.js';
import type { ChatMessage, WorkerGenerateRequest } from './worker-messages.js';
import { createWorkerPool, type WorkerPool, type WorkerPoolStats } from './worker-pool.js';

const provider = 'onnx';

/** What the onnx provider can do: text generation and embeddings; tools and JSON through the prompt. */
export const onnxCapabilities: ProviderCapabilities = Object.freeze({
  tools: false,
  structuredOutput: 'none',
  images: false,
  embeddings: true,
});

/** The onnx adapter: the provider interface plus a look at its worker pools. */
export interface OnnxAdapter extends ProviderAdapter {
  /** Workers and queue of `model`'s pool, or `undefined` when that model is not loaded. */
  poolStats(model: string): WorkerPoolStats | undefined;
}

// The worker is its own built entry point (dist/worker/onnx-worker.js); nothing under worker/ is imported on
// this side, so transformers.js never loads on the caller's thread.
const workerUrl = new URL('./worker/onnx-worker.js', import.meta.url);

function toWorkerRequest(
  request: ProviderRequest,
  messages: ChatMessage[],
  enableThinking: boolean | undefined,
  stream: boolean,
): WorkerGenerateRequest {
  return {
    messages,
    maxNewTokens: request.maxTokens ?? defaultOnnxMaxTokens,
    temperature: request.temperature,
    topP: request.topP,
    topK: request.topK,
    seed: request.seed,
    stop: request.stop === undefined ? [] : [...request.stop],
    enableThinking,
    stream,
    generationOptions: request.providerOptions === undefined ? undefined : { ...request.providerOptions },
  };
}

function limitsOf(
  request: Pick<ProviderRequest, 'model' | 'signal' | 'timeoutMs' | 'idleTimeoutMs'>,
  phase: CallLimits['phase'],
): CallLimits {
  return {
    model: request.model,
    signal: request.signal,
    timeoutMs: request.timeoutMs,
    idleTimeoutMs: request.idleTimeoutMs,
    phase,
  };
}

/** A generation ready to queue: its pool, what the worker runs, and what the call could not have. */
interface PreparedGeneration {
  pool: WorkerPool;
  workerRequest: WorkerGenerateRequest;
  warnings: Warning[] | undefined;
}

/** Settles with `work`, or rejects as soon as the call's signal aborts or its timeout elapses (then `onLimit` runs). */
function withinLimits<T>(work: Promise<T>, limits: CallLimits, onLimit?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const guard = createCallGuard(limits, (reason) => {
      onLimit?.();
      reject(reason);
    });
    work.then(
      (value) => {
        guard.dispose();
        resolve(value);
      },
      (error: unknown) => {
        guard.dispose();
        reject(error);
      },
    );
  });
}

function unloadedError(model: string): ProviderAPIError {
  return new ProviderAPIError({
    provider,
    model,
    code: 'model_unloaded',
    message: `The ONNX model ${model} was unloaded while this request was waiting or running`,
  });
}

/**
 * Makes the adapter `createLLM('onnx', …)` drives: each model runs in its own pool of worker threads
 * (started on the first call that needs it, never at import), with transformers.js on onnxruntime-node.
 * Options and `ONNX_MODEL` / `ONNX_OFFLINE` are read once, here; a bad option throws a TypeError or
 * RangeError. Calls throw our error classes: `ModelNotFoundError` naming a missing directory or file.
 */
export function createOnnxAdapter(settings: ProviderSettings): OnnxAdapter {
  const options: OnnxSettings = resolveOnnxSettings(settings);
  const pools = new Map<string, Promise<WorkerPool>>();
  const started = new Map<string, WorkerPool>();

  function poolFor(model: string): Promise<WorkerPool> {
    const existing = pools.get(model);
    if (existing !== undefined) return existing;
    const pool = resolveModelSource(model).then((source) => {
      const created = createWorkerPool({
        workerUrl,
        size: options.workers,
        onProgress: options.onProgress,
        load: {
          model,
          source,
          dtype: dtypeForModel(options, model),
          revision: options.revision,
          threads: options.threads,
          batching: options.batching,
          maxBatchSize: options.maxBatchSize,
          allowRemoteModels: options.allowRemoteModels,
          cacheDir: options.cacheDir,
          remoteHost: options.remoteHost,
        },
      });
      started.set(model, created);
      return created;
    });
    pools.set(model, pool);
    // A path that did not exist may exist on the next call: do not keep the failure.
    pool.catch(() => {
      if (pools.get(model) === pool) pools.delete(model);
    });
    return pool;
  }

  /**
   * Everything before a generation is queued, once per request: messages converted, the warnings of the
   * options it cannot honour settled. What no model could honour fails in 'error' mode before a model even
   * loads; what `reasoning` can do depends on the chat template, so a call that sets it waits for the model
   * to load and settles again, still before anything reaches a worker's queue.
   */
  async function prepare(
    request: ProviderRequest,
    stream: boolean,
    limits: CallLimits,
  ): Promise<PreparedGeneration> {
    if (request.signal?.aborted) throw request.signal.reason;
    const messages = convertToChatMessages(request.messages, request.model);
    const warnings = collectOnnxWarnings(request);
    settleWarnings(provider, request, warnings); // only to throw, in 'error' mode: no model loads for a call that fails
    const pool = await withinLimits(poolFor(request.model), limits);
    let enableThinking: boolean | undefined;
    if (request.reasoning !== undefined) {
      const facts = await withinLimits(pool.whenLoaded(), limits);
      const reasoning = mapOnnxReasoning(request.reasoning, facts.hasThinkingSwitch, request.model);
      enableThinking = reasoning.enableThinking;
      if (reasoning.warning !== undefined) warnings.push(reasoning.warning);
    }
    return {
      pool,
      workerRequest: toWorkerRequest(request, messages, enableThinking, stream),
      warnings: settleWarnings(provider, request, warnings),
    };
  }

  async function unloadOne(model: string): Promise<void> {
    const pool = pools.get(model);
    pools.delete(model);
    started.delete(model);
    if (pool === undefined) return;
    const resolved = await pool.catch(() => undefined);
    await resolved?.close(unloadedError(model));
  }

  return {
    provider: 'onnx',
    defaultModel: options.defaultModel,
    capabilities: onnxCapabilities,

    async doGenerate(request: ProviderRequest): Promise<ProviderResult> {
      const limits = limitsOf(request, 'total');
      const { pool, workerRequest, warnings } = await prepare(request, false, limits);
      const job = pool.generate(workerRequest);
      const report = await withinLimits(job.report, limits, () => job.cancel());
      return {
        content: report.text ?? '',
        toolCalls: [],
        finishReason: report.finishReason,
        rawFinishReason: report.rawFinishReason,
        usage: convertOnnxUsage(report),
        model: request.model,
        raw: report,
        ...(warnings === undefined ? {} : { warnings }),
      };
    },

    async doStream(request: ProviderRequest): Promise<ProviderStream> {
      const limits = limitsOf(request, 'first-chunk');
      const { pool, workerRequest, warnings } = await prepare(request, true, limits);
      return streamOnnxGeneration(pool, workerRequest, limits, warnings);
    },

    async listModels(): Promise<ModelInfo[]> {
      // What this adapter would run without loading anything: its default model and the ones it loaded.
      const ids = new Set([options.defaultModel, ...started.keys()]);
      return [...ids].map((id) => {
        const contextLength = started.get(id)?.contextLength;
        return { id, ownedBy: 'onnx', ...(contextLength === undefined ? {} : { contextLength }) };
      });
    },

    async embed(request: EmbedRequest): Promise<EmbedResult> {
      const limits = limitsOf({ ...request, idleTimeoutMs: undefined }, 'total');
      if (request.signal?.aborted) throw request.signal.reason;
      const pool = await withinLimits(poolFor(request.model), limits);
      const output = await withinLimits(pool.embed([...request.input]), limits);
      const embeddings: number[][] = [];
      for (let row = 0; row < request.input.length; row++) {
        const start = row * output.dimensions;
        embeddings.push(Array.from(output.vectors.subarray(start, start + output.dimensions)));
      }
      return { embeddings, usage: { inputTokens: output.inputTokens }, model: request.model };
    },

    async countTokens(text: string, model: string): Promise<number> {
      return (await poolFor(model)).countTokens(text);
    },

    async unload(model?: string): Promise<void> {
      const models = model === undefined ? [...pools.keys()] : [model];
      await Promise.all(models.map(unloadOne));
    },

    poolStats(model: string): WorkerPoolStats | undefined {
      return started.get(model)?.stats();
    },
  };
}
