import {
  BaseStreamer,
  random,
  StoppingCriteria,
  StoppingCriteriaList,
  Tensor,
  type TextStreamer,
} from '@huggingface/transformers';
import type { GenerationReport, WorkerGenerateRequest } from '../worker-messages.js';
import { createGenerationRow, encodePromptTokens } from './create-generation-row.js';
import { toGenerationSettings, topPProcessors } from './create-token-sampler.js';
import type { LoadedOnnxModel } from './load-onnx-model.js';

/** Ends generation after the current forward pass when `shouldStop` says so. */
class StopWhen extends StoppingCriteria {
  readonly #shouldStop: () => boolean;

  constructor(shouldStop: () => boolean) {
    super();
    this.#shouldStop = shouldStop;
  }

  override _call(inputIds: number[][]): boolean[] {
    const stop = this.#shouldStop();
    return inputIds.map(() => stop);
  }
}

/** Receives each new token from `generate()` as soon as it is sampled. */
class TokenStreamer extends BaseStreamer {
  readonly #onToken: (token: bigint) => void;
  #promptSeen = false;

  constructor(onToken: (token: bigint) => void) {
    super();
    this.#onToken = onToken;
  }

  override put(value: bigint[][]): void {
    // generate() first puts the prompt, then one token per step.
    if (!this.#promptSeen) {
      this.#promptSeen = true;
      return;
    }
    const token = value[0]?.[0];
    if (token !== undefined) this.#onToken(token);
  }

  override end(): void {}
}

/**
 * Runs one generation with transformers.js's `generate()`, one sequence at a time: the engine for models the
 * batch engine cannot drive (see detect-batching-support.ts) or when `batching: false`. Same bookkeeping as a
 * batch row (create-generation-row.ts); transformers.js samples from one generator per thread, reseeded per
 * request (from entropy when no seed is given), so one seed gives one text; the abort flag is read after
 * every forward pass.
 */
export async function runOnnxGeneration(
  loaded: LoadedOnnxModel,
  request: WorkerGenerateRequest,
  abortFlag: Int32Array,
  onText: (text: string) => void,
): Promise<GenerationReport> {
  const { model } = loaded;
  const promptTokens = encodePromptTokens(loaded, request);
  const row = createGenerationRow(loaded, request, promptTokens, loaded.endTokens, onText);
  let done = false;
  const aborted = () => Atomics.load(abortFlag, 0) === 1;
  const streamer = new TokenStreamer((token) => {
    if (row.accept(token)) done = true;
  });

  const settings = toGenerationSettings(request);
  const modelDefaults = model.generation_config as { do_sample?: boolean } | null;
  const sampling = (settings.do_sample as boolean | undefined) ?? modelDefaults?.do_sample === true;
  const stoppingCriteria = new StoppingCriteriaList();
  stoppingCriteria.push(new StopWhen(() => done || aborted()));

  random.seed(request.seed);
  if (!aborted()) {
    const length = promptTokens.length;
    await model.generate({
      input_ids: new Tensor('int64', BigInt64Array.from(promptTokens), [1, length]),
      attention_mask: new Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]),
      ...settings,
      ...request.generationOptions,
      logits_processor: topPProcessors(model, request, sampling),
      stopping_criteria: stoppingCriteria,
      // The declared type asks for a TextStreamer; generate() only calls put() and end().
      streamer: streamer as unknown as TextStreamer,
    });
  }
  return row.finish(aborted());
}
