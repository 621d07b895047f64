import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchClient, benchPrompt, type MemoryResult } from '../bench-types.js';
import { readCount } from './scenario-parameters.js';

// How long the streams may take to open before the scenario gives up.
const openTimeoutMs = 30_000;
const warmupStreams = 8;

function collectGarbage(): void {
  // Present under `--expose-gc`, which the orchestrator passes to this scenario's workers.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('bench: the memory scenario needs node --expose-gc');
  gc();
  gc();
}

interface OpenStreams {
  /** Resolves once every stream has delivered its first content chunk. */
  allOpen: Promise<void>;
  /** Aborts every stream and waits until each has settled. */
  closeAll(): Promise<void>;
  /** The first failure of any stream, even one after `allOpen` resolved; `undefined` when none failed. */
  failure(): unknown;
}

function openStreams(client: BenchClient, count: number): OpenStreams {
  const controller = new AbortController();
  let opened = 0;
  let markOpen: () => void = () => {};
  let rejectOpen: (error: unknown) => void = () => {};
  let firstFailure: unknown;
  const allOpen = new Promise<void>((resolve, reject) => {
    markOpen = resolve;
    rejectOpen = reject;
  });
  const failOpen = (error: unknown): void => {
    firstFailure ??= error;
    rejectOpen(error);
  };
  const timer = setTimeout(
    () => failOpen(new Error(`bench: only ${opened} of ${count} streams opened in ${openTimeoutMs} ms`)),
    openTimeoutMs,
  );
  const streams = Array.from({ length: count }, async () => {
    try {
      await client.stream(benchPrompt, {
        signal: controller.signal,
        onFirstChunk: () => {
          opened++;
          if (opened === count) markOpen();
        },
      });
      // Some clients end an aborted stream quietly. One that ended on its own skews RSS: the slow mock keeps
      // each stream open far longer than the scenario runs, so that is a failure.
      if (!controller.signal.aborted) {
        failOpen(new Error('bench: a stream ended before the measurement; the slow mock is too fast'));
      }
    } catch (error) {
      if (!controller.signal.aborted) failOpen(error);
    }
  });
  return {
    allOpen: allOpen.finally(() => clearTimeout(timer)),
    async closeAll() {
      clearTimeout(timer);
      controller.abort();
      await Promise.all(streams);
    },
    failure: () => firstFailure,
  };
}

/**
 * RSS and heap growth per open stream: warms the client up on a few streams, collects garbage, measures,
 * opens `streams` streams against a mock that paces its chunks (so they stay open), waits until each has
 * delivered a chunk and then `settleMs`, collects garbage and measures again. Parameters: `streams`, `settleMs`.
 */
export async function measureStreamMemory(
  client: BenchClient,
  parameters: Record<string, number | number[]>,
): Promise<MemoryResult> {
  const count = readCount(parameters, 'streams');
  const settleMs = readCount(parameters, 'settleMs');

  const warmup = openStreams(client, warmupStreams);
  try {
    await warmup.allOpen;
  } finally {
    await warmup.closeAll();
  }
  await sleep(200);
  collectGarbage();
  const before = process.memoryUsage();

  const measured = openStreams(client, count);
  let open: NodeJS.MemoryUsage;
  try {
    await measured.allOpen;
    await sleep(settleMs);
    collectGarbage();
    open = process.memoryUsage();
  } finally {
    await measured.closeAll();
  }
  if (measured.failure() !== undefined) throw measured.failure();
  return {
    streams: count,
    rssBeforeBytes: before.rss,
    rssOpenBytes: open.rss,
    heapBeforeBytes: before.heapUsed,
    heapOpenBytes: open.heapUsed,
    rssPerStreamBytes: (open.rss - before.rss) / count,
    heapPerStreamBytes: (open.heapUsed - before.heapUsed) / count,
  };
}
