import { type GenerateOptions, type LLM, RateLimitError } from '@core/types';
import type { BatchRequest, BatchResult } from './batch-types.js';
import { describeError } from './describe-error.js';

/**
 * Runs one request through `llm.agenerate` (the pipeline: limits, retries, events) and turns the outcome
 * into its result. A call that failed for good becomes an error result, not a throw, so BullMQ never runs
 * it again: the pipeline already retried what was worth retrying. Only an abort (the job's lock was lost
 * or the worker is closing) is rethrown, since the job then belongs to BullMQ's recovery. A 429 that outlasted
 * the pipeline's retries still tells `onRateLimited` how long the provider asked everyone to wait, in ms.
 */
export async function runBatchRequest(
  llm: LLM,
  request: BatchRequest,
  index: number,
  signal: AbortSignal | undefined,
  onRateLimited: (retryAfterMs: number) => void,
): Promise<BatchResult> {
  const id = request.id ?? index;
  // Options came through JSON: whatever they say, this is one non-stream call under the job's signal.
  const options: GenerateOptions & { stream: false } = { ...request.options, stream: false };
  if (signal !== undefined) options.signal = signal;
  try {
    const { raw: _raw, ...response } = await llm.agenerate(request.prompt ?? request.messages ?? '', options);
    return { id, index, response };
  } catch (error) {
    if (signal?.aborted) throw error;
    if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined)
      onRateLimited(error.retryAfterMs);
    return { id, index, error: describeError(error) };
  }
}
