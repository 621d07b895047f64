import {
  type GenerationConfig,
  LogitsProcessorList,
  type PreTrainedModel,
  random,
  softmax,
  Tensor,
  topk,
} from '@huggingface/transformers';
import type { WorkerGenerateRequest } from '../worker-messages.js';
import { TopPLogitsProcessor } from './top-p-logits-processor.js';

/** How one request picks its tokens, with its own random generator. */
export interface TokenSampler {
  /** The tokens that end this request (the generation config's `eos_token_id`). */
  readonly endTokens: ReadonlySet<bigint>;
  /** Picks the next token from one row of logits (`vocabulary` floats, changed in place). */
  next(tokens: bigint[], logits: Float32Array): Promise<bigint>;
}

// `_get_logits_processor` is declared private in transformers.js's types; it is how `generate()` turns a
// generation config into its processors (repetition penalty, min_new_tokens, temperature…), reused here so a
// row gets exactly what `generate()` would give it.
interface LogitsProcessorFactory {
  _get_logits_processor(
    config: GenerationConfig,
    promptLength: number,
    extra: LogitsProcessorList | null,
  ): LogitsProcessorList;
}

function toBigIntSet(value: unknown): Set<bigint> {
  const ids = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return new Set(
    ids.filter((id) => typeof id === 'number' || typeof id === 'bigint').map((id) => BigInt(id)),
  );
}

/** The request's sampling settings as `generate()` options: `temperature: 0` is greedy. */
export function toGenerationSettings(request: WorkerGenerateRequest): Record<string, unknown> {
  const settings: Record<string, unknown> = { max_new_tokens: request.maxNewTokens };
  if (request.temperature === 0) settings.do_sample = false;
  else if (request.temperature !== undefined) {
    settings.do_sample = true;
    settings.temperature = request.temperature;
  }
  if (request.topK !== undefined) settings.top_k = request.topK;
  return settings;
}

/** The top-p processor a request needs: its own topP, else the model's (Qwen's generation_config says 0.8). */
export function topPProcessors(model: PreTrainedModel, request: WorkerGenerateRequest, sampling: boolean) {
  const modelDefaults = model.generation_config as { top_p?: number } | null;
  const topP = request.topP ?? modelDefaults?.top_p;
  const processors = new LogitsProcessorList();
  if (sampling && topP !== undefined && topP < 1) processors.push(new TopPLogitsProcessor(topP));
  return processors;
}

/**
 * A request's sampler: the logits processors `generate()` would build from the model's generation config,
 * the request's settings and `providerOptions`, then greedy argmax or `generate()`'s multinomial pick (top-k,
 * softmax, weighted draw). Each sampler draws from its own Mersenne Twister seeded with the request's seed
 * (entropy without one) instead of transformers.js's one generator per thread, so a seeded request gives the
 * same tokens alone or beside others in a batch, and the same ones `generate()` gave after `random.seed`.
 */
export function createTokenSampler(
  model: PreTrainedModel,
  request: WorkerGenerateRequest,
  promptLength: number,
): TokenSampler {
  const config = model._prepare_generation_config(null, {
    ...toGenerationSettings(request),
    ...request.generationOptions,
  });
  // The merged config already holds the model's own do_sample (and top_k) under the request's.
  const sampling = config.do_sample === true;
  const processors = (model as unknown as LogitsProcessorFactory)._get_logits_processor(
    config,
    promptLength,
    topPProcessors(model, request, sampling),
  );
  // _get_logits_processor turns do_sample off for temperature 0; read it after.
  const greedy = config.do_sample !== true;
  const generator = new random.Random(request.seed);
  const topK = typeof config.top_k === 'number' && config.top_k > 0 ? config.top_k : undefined;

  return {
    endTokens: toBigIntSet(config.eos_token_id),
    async next(tokens, logits) {
      const row = new Tensor('float32', logits, [1, logits.length]);
      const scores = processors([tokens], row).data as Float32Array;
      if (greedy) {
        // The first of equal maxima, as transformers.js's `max` picks.
        let best = 0;
        for (let index = 1; index < scores.length; index++) {
          if ((scores[index] as number) > (scores[best] as number)) best = index;
        }
        return BigInt(best);
      }
      const [values, indices] = await topk(
        new Tensor('float32', scores, [scores.length]),
        Math.min(topK ?? scores.length, scores.length),
      );
      const probabilities = Array.from(softmax(values.data as Float32Array));
      const chosen = generator.choices(Array.from(indices.data as BigInt64Array), probabilities) as bigint;
      return BigInt(chosen);
    },
  };
}
