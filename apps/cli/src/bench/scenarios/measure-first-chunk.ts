import { type BenchClient, benchPrompt, type FirstChunkResult } from '../bench-types.js';
import { percentile } from '../statistics.js';
import { expectChunks, readCount, readCounts } from './scenario-parameters.js';

const maxSamples = 1_000_000;

/**
 * Time from starting a stream to its first content chunk in the consumer's loop, per request. Streams run
 * at the widest concurrency for `warmupMs` (not recorded), then for `durationMs` at each number of streams
 * in flight in `concurrencies`. Each stream is still read to its end and its chunk count checked. At 1 in
 * flight this is the client's own latency; with more, it also holds the time spent on the other streams.
 * Parameters: `concurrencies` (e.g. [1, 8]), `warmupMs`, `durationMs`, `expectedChunks`.
 */
export async function measureFirstChunk(
  clientName: string,
  client: BenchClient,
  parameters: Record<string, number | number[]>,
): Promise<FirstChunkResult> {
  const concurrencies = readCounts(parameters, 'concurrencies');
  const warmupMs = readCount(parameters, 'warmupMs');
  const durationMs = readCount(parameters, 'durationMs');
  const expectedChunks = readCount(parameters, 'expectedChunks');

  async function run(inFlight: number, phaseMs: number): Promise<number[]> {
    const startedAt = performance.now();
    const endsAt = startedAt + phaseMs;
    const samples: number[] = [];
    async function lane(): Promise<void> {
      while (performance.now() < endsAt && samples.length < maxSamples) {
        const requestStartedAt = performance.now();
        let firstChunkMs = Number.NaN;
        const chunks = await client.stream(benchPrompt, {
          onFirstChunk: () => {
            firstChunkMs = performance.now() - requestStartedAt;
          },
        });
        expectChunks(clientName, chunks, expectedChunks);
        samples.push(firstChunkMs);
      }
    }
    await Promise.all(Array.from({ length: inFlight }, lane));
    return samples;
  }

  await run(Math.max(...concurrencies), warmupMs);
  const result: FirstChunkResult = { byConcurrency: [] };
  for (const inFlight of concurrencies) {
    const samples = await run(inFlight, durationMs);
    result.byConcurrency.push({
      inFlight,
      samples: samples.length,
      p50Ms: percentile(samples, 0.5),
      p99Ms: percentile(samples, 0.99),
    });
  }
  return result;
}
