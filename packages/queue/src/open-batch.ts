import type { Redis } from 'ioredis';
import { type BatchStore, batchNotFound } from './batch-store.js';
import type { Batch, BatchProgress, BatchResult } from './batch-types.js';

// How long one blocking read waits for new results before it checks the batch still exists, in ms.
const blockMs = 1000;
// Stream entries read per round trip.
const readCount = 200;

type StreamReply = Array<[string, Array<[string, string[]]>]> | null;

/**
 * Yields the request indexes of a batch's stored results in completion order, from the first, until all
 * `total` have come. It blocks on its own connection (a duplicate of `client`): a blocked connection serves
 * nobody else, and closing it is how an abort ends the wait at once.
 */
async function* followResults(
  client: Redis,
  store: BatchStore,
  name: string,
  batchId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<string[]> {
  const initial = await store.progress(batchId);
  if (initial === undefined) throw batchNotFound(name, batchId);
  const { total } = initial;
  if (total === 0) return;
  const reader = client.duplicate();
  const onAbort = () => reader.disconnect();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let lastId = '0';
    let seen = 0;
    while (seen < total) {
      if (signal?.aborted) throw signal.reason;
      let reply: StreamReply;
      try {
        reply = (await reader.xread(
          'COUNT',
          readCount,
          'BLOCK',
          blockMs,
          'STREAMS',
          store.keys(batchId).order,
          lastId,
        )) as StreamReply;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw error;
      }
      const entries = reply?.[0]?.[1] ?? [];
      if (entries.length === 0) {
        // Nothing new in a while: a batch whose retention ran out would otherwise be waited on forever.
        if ((await store.progress(batchId)) === undefined) throw batchNotFound(name, batchId);
        continue;
      }
      lastId = (entries.at(-1) as [string, string[]])[0];
      const indexes = entries.map(([, fields]) => fields[1] as string);
      seen += indexes.length;
      yield indexes;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.disconnect();
  }
}

/** The handle of batch `batchId` (which must exist) in queue `name`. */
export function openBatch(client: Redis, store: BatchStore, name: string, batchId: string): Batch {
  const progress = async (): Promise<BatchProgress> => {
    const current = await store.progress(batchId);
    if (current === undefined) throw batchNotFound(name, batchId);
    return current;
  };
  return {
    id: batchId,
    progress,
    async *results(options = {}): AsyncGenerator<BatchResult> {
      for await (const indexes of followResults(client, store, name, batchId, options.signal)) {
        yield* await store.read(batchId, indexes);
      }
    },
    async wait(options = {}) {
      for await (const _indexes of followResults(client, store, name, batchId, options.signal)) {
        // Each round of stored results wakes the wait; the counts are read once at the end.
      }
      return progress();
    },
  };
}
