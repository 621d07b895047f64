import { type BenchClient, benchPrompt, expectedCallReply, type ThroughputResult } from '../bench-types.js';
import { expectChunks, expectReply, readCount } from './scenario-parameters.js';

/** Non-stream calls or whole streams, as the throughput scenarios repeat them. */
export type ThroughputMode = 'calls' | 'streams';

// A cap on operations per phase, so even a client far faster than expected ends its loop by count too.
const maxOperationsPerPhase = 5_000_000;

async function runLanes(
  inFlight: number,
  durationMs: number,
  operation: () => Promise<void>,
): Promise<ThroughputResult> {
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const endsAt = startedAt + durationMs;
  let operations = 0;
  async function lane(): Promise<void> {
    while (performance.now() < endsAt && operations < maxOperationsPerPhase) {
      await operation();
      operations++;
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane));
  // Elapsed runs until the last lane's last operation ends, so operations and time cover the same span.
  const elapsedMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    operations,
    elapsedMs,
    perSecond: (operations / elapsedMs) * 1000,
    cpuMicrosPerOperation: (cpu.user + cpu.system) / operations,
  };
}

/**
 * Keeps `inFlight` calls or streams going for `warmupMs` (not counted: JIT, pool and socket setup), then for
 * `durationMs`, and reports completed operations per second. Every reply is checked: a call must return
 * the mock's exact text, a stream exactly `expectedChunks` content chunks.
 * Parameters: `inFlight`, `warmupMs`, `durationMs`, and `expectedChunks` for streams.
 */
export async function measureThroughput(
  clientName: string,
  client: BenchClient,
  mode: ThroughputMode,
  parameters: Record<string, number | number[]>,
): Promise<ThroughputResult> {
  const inFlight = readCount(parameters, 'inFlight');
  const warmupMs = readCount(parameters, 'warmupMs');
  const durationMs = readCount(parameters, 'durationMs');
  let operation: () => Promise<void>;
  if (mode === 'calls') {
    operation = async () => expectReply(clientName, await client.call(benchPrompt), expectedCallReply);
  } else {
    const expectedChunks = readCount(parameters, 'expectedChunks');
    operation = async () => expectChunks(clientName, await client.stream(benchPrompt), expectedChunks);
  }
  await runLanes(inFlight, warmupMs, operation);
  return runLanes(inFlight, durationMs, operation);
}
