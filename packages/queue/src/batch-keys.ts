/** The Redis keys of one batch's own records (BullMQ keeps its jobs under its own `bull:` prefix). */
export interface BatchKeys {
  /** Hash: total, done, failed, retentionMs, createdAt. */
  meta: string;
  /** Hash: request index → the result as JSON, written once. */
  results: string;
  /** Stream: one entry per stored result, in completion order, naming the request index. */
  order: string;
}

/**
 * Keys of batch `batchId` in queue `name`. The `{…}` hash tag puts a batch's keys in one cluster slot, so
 * the script that stores a result can touch all three.
 */
export function batchKeys(name: string, batchId: string): BatchKeys {
  const base = `abstractcore:queue:${name}:batch:{${batchId}}`;
  return { meta: `${base}:meta`, results: `${base}:results`, order: `${base}:order` };
}

/** The BullMQ job id of request `index` of a batch: the same on every attempt, so a result is stored once. */
export function jobIdOf(batchId: string, index: number): string {
  return `${batchId}-${index}`;
}
