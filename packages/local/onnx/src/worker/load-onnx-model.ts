import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AutoConfig,
  AutoModelForCausalLM,
  AutoTokenizer,
  type DataType,
  env,
  type FeatureExtractionPipeline,
  LogLevel,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type PretrainedModelOptions,
  type ProgressInfo,
  pipeline,
} from '@huggingface/transformers';
import type { OnnxLoadProgress, WorkerLoadSettings } from '../worker-messages.js';
import { WorkerRequestError } from './classify-worker-error.js';

/** A model loaded in this worker, with what generation needs to know about it. */
export interface LoadedOnnxModel {
  readonly tokenizer: PreTrainedTokenizer;
  readonly model: PreTrainedModel;
  /** `max_position_embeddings` from config.json, where it says. */
  readonly contextLength: number | undefined;
  /** Whether the chat template reads `enable_thinking` (Qwen3-style thinking switch). */
  readonly hasThinkingSwitch: boolean;
  /** Tokens that end a generation (`eos_token_id` of the generation config). */
  readonly endTokens: ReadonlySet<bigint>;
  /** The feature-extraction pipeline on the same files, loaded on first use. */
  embedder(): Promise<FeatureExtractionPipeline>;
  dispose(): Promise<void>;
}

// At most one byte-progress message per file in this many ms: a 500 MB download reads thousands of chunks.
const progressIntervalMs = 100;

function toBigIntSet(value: unknown): Set<bigint> {
  const ids = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return new Set(
    ids.filter((id) => typeof id === 'number' || typeof id === 'bigint').map((id) => BigInt(id)),
  );
}

function progressReporter(
  model: string,
  report: ((progress: OnnxLoadProgress) => void) | undefined,
): ((info: ProgressInfo) => void) | undefined {
  if (report === undefined) return undefined;
  const lastPostedAt = new Map<string, number>();
  return (info) => {
    if (info.status === 'ready' || info.status === 'progress_total') return; // we send our own `ready`
    if (info.status === 'progress') {
      const now = performance.now();
      const finished = info.loaded >= info.total;
      if (!finished && now - (lastPostedAt.get(info.file) ?? 0) < progressIntervalMs) return;
      lastPostedAt.set(info.file, now);
      report({ status: 'progress', model, file: info.file, loaded: info.loaded, total: info.total });
      return;
    }
    report({ status: info.status, model, file: info.file, loaded: undefined, total: undefined });
  };
}

/**
 * Whether the template `apply_chat_template` uses (a string, or the `default` of named templates) reads
 * `enable_thinking`: Qwen3's templates do (`enable_thinking is defined and enable_thinking is false`), and
 * it is the only reasoning control a chat template has.
 */
function readsThinkingSwitch(chatTemplate: unknown): boolean {
  const template =
    typeof chatTemplate === 'object' && chatTemplate !== null
      ? (chatTemplate as Record<string, unknown>).default
      : chatTemplate;
  return typeof template === 'string' && /\benable_thinking\b/.test(template);
}

/**
 * Loads the tokenizer and the causal LM of `settings` in this worker. transformers.js's `env` is global to
 * the thread, which is why each worker serves one model with one set of settings.
 */
export async function loadOnnxModel(
  settings: WorkerLoadSettings,
  report: ((progress: OnnxLoadProgress) => void) | undefined,
): Promise<LoadedOnnxModel> {
  env.logLevel = LogLevel.ERROR; // library code never prints; failures come back as errors
  env.allowLocalModels = true;
  env.allowRemoteModels = settings.allowRemoteModels;
  env.cacheDir = settings.cacheDir;
  if (settings.remoteHost !== undefined) env.remoteHost = settings.remoteHost;
  const id = settings.source.kind === 'directory' ? settings.source.path : settings.source.id;
  const progress_callback = progressReporter(settings.model, report);
  const options: PretrainedModelOptions = {
    // A directory never falls back to the network; a hub id reads the cache first, then downloads if allowed.
    local_files_only: settings.source.kind === 'directory' || !settings.allowRemoteModels,
    cache_dir: settings.cacheDir,
    device: 'cpu',
    session_options: { intraOpNumThreads: settings.threads, interOpNumThreads: 1 },
    ...(settings.revision === undefined ? {} : { revision: settings.revision }),
    ...(settings.dtype === undefined ? {} : { dtype: settings.dtype as DataType | Record<string, DataType> }),
    ...(progress_callback === undefined ? {} : { progress_callback }),
  };
  // config.json first, and strictly: a missing model (an empty cache offline, a 404 from the hub) then fails
  // as "file not found" here, where the tokenizer's optional-file probing would fail with a TypeError.
  const config = await AutoConfig.from_pretrained(id, options);
  if (settings.source.kind === 'directory') {
    const tokenizerFile = join(settings.source.path, 'tokenizer.json');
    await access(tokenizerFile).catch(() => {
      throw new WorkerRequestError('model-not-found', `The ONNX model file ${tokenizerFile} was not found`);
    });
  }
  const tokenizer = await AutoTokenizer.from_pretrained(id, options);
  const model = await AutoModelForCausalLM.from_pretrained(id, { ...options, config });
  const maxPositions = (model.config as { max_position_embeddings?: unknown }).max_position_embeddings;
  let embedding: Promise<FeatureExtractionPipeline> | undefined;
  return {
    tokenizer,
    model,
    contextLength: typeof maxPositions === 'number' ? maxPositions : undefined,
    hasThinkingSwitch: readsThinkingSwitch(tokenizer.chat_template),
    endTokens: toBigIntSet(model.generation_config?.eos_token_id),
    embedder() {
      embedding ??= pipeline('feature-extraction', id, { ...options, progress_callback: undefined });
      return embedding;
    },
    async dispose() {
      await model.dispose();
      if (embedding !== undefined) await (await embedding).dispose();
    },
  };
}
