import { type BenchClient, benchPrompt, expectedCallReply, type ScalingResult } from '../bench-types.js';
import { median } from '../statistics.js';
import { expectReply, readCount, readCounts } from './scenario-parameters.js';

// Bounds the warm-up by count as well as by time.
const maxWarmupBatches = 100;

/**
 * For each concurrency level, fires that many non-stream calls at once at a server that waits before it
 * answers, and times the batch until the last reply. Batches at the widest level run for `warmupMs` first
 * (sockets, JIT), then per level one more untimed batch and `batches` timed ones.
 * Parameters: `levels` (e.g. [1, 16, 64, 256]), `batches`, `warmupMs`.
 */
export async function measureScaling(
  clientName: string,
  client: BenchClient,
  parameters: Record<string, number | number[]>,
): Promise<ScalingResult> {
  const levels = readCounts(parameters, 'levels');
  const batches = readCount(parameters, 'batches');
  const warmupMs = readCount(parameters, 'warmupMs');
  const result: ScalingResult = { levels: [] };

  async function batch(concurrency: number): Promise<number> {
    const startedAt = performance.now();
    const replies = await Promise.all(Array.from({ length: concurrency }, () => client.call(benchPrompt)));
    const elapsedMs = performance.now() - startedAt;
    for (const reply of replies) expectReply(clientName, reply, expectedCallReply);
    return elapsedMs;
  }

  const widest = Math.max(...levels);
  const warmupEndsAt = performance.now() + warmupMs;
  for (let count = 0; count < maxWarmupBatches && performance.now() < warmupEndsAt; count++)
    await batch(widest);
  for (const concurrency of levels) {
    await batch(concurrency);
    const batchMs: number[] = [];
    for (let index = 0; index < batches; index++) batchMs.push(await batch(concurrency));
    result.levels.push({ concurrency, batchMs, medianMs: median(batchMs) });
  }
  return result;
}
