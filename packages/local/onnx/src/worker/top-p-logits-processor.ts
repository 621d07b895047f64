import { LogitsProcessor, type Tensor } from '@huggingface/transformers';

/**
 * Keeps the smallest set of most likely tokens whose probabilities sum to `topP` (nucleus sampling) in one
 * row of logits, setting the others to -Infinity, in place. Only tokens above a probability floor are
 * sorted; the floor drops until the kept tokens reach `topP`, so a peaked distribution sorts a handful of
 * tokens instead of a 150k vocabulary on every step.
 */
export function keepTopP(logits: Float32Array, topP: number): void {
  if (topP >= 1 || logits.length === 0) return;
  let maximum = Number.NEGATIVE_INFINITY;
  for (const value of logits) if (value > maximum) maximum = value;
  const weights = new Float64Array(logits.length);
  let sum = 0;
  for (let index = 0; index < logits.length; index++) {
    const weight = Math.exp((logits[index] as number) - maximum);
    weights[index] = weight;
    sum += weight;
  }
  const target = topP * sum;
  let floor = 1e-3; // relative to the most likely token, whose weight is 1
  for (;;) {
    const candidates: number[] = [];
    let candidateSum = 0;
    for (let index = 0; index < weights.length; index++) {
      const weight = weights[index] as number;
      if (weight >= floor) {
        candidates.push(index);
        candidateSum += weight;
      }
    }
    // Every candidate outweighs every other token, so the nucleus is a prefix of the sorted candidates.
    if (candidateSum >= target || floor === 0) {
      candidates.sort((a, b) => (weights[b] as number) - (weights[a] as number));
      const keep = new Uint8Array(logits.length);
      let cumulative = 0;
      for (const index of candidates) {
        keep[index] = 1;
        cumulative += weights[index] as number;
        if (cumulative >= target) break;
      }
      for (let index = 0; index < logits.length; index++) {
        if (keep[index] === 0) logits[index] = Number.NEGATIVE_INFINITY;
      }
      return;
    }
    floor = floor > 1e-12 ? floor * 1e-3 : 0;
  }
}

/**
 * Nucleus sampling as a logits processor: transformers.js 4.3 declares `TopPLogitsWarper` but never applies
 * `top_p`, so without this `topP` would be silently ignored.
 */
export class TopPLogitsProcessor extends LogitsProcessor {
  readonly #topP: number;

  constructor(topP: number) {
    super();
    this.#topP = topP;
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data as Float32Array;
    const vocabulary = logits.dims.at(-1) ?? data.length;
    for (let offset = 0; offset < data.length; offset += vocabulary) {
      keepTopP(data.subarray(offset, offset + vocabulary), this.#topP);
    }
    return logits;
  }
}
