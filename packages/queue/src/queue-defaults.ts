import type { BatchRequest } from './batch-types.js';

/** The BullMQ job name of every request; the job id, not the name, tells requests apart. */
export const jobName = 'generate';

/** Results stay a week after a batch's latest one unless the submitter says otherwise. */
export const defaultRetentionMs = 7 * 24 * 60 * 60 * 1000;

/** Runs of a job when the worker (not the model call) fails; see docs/scale-out.md. */
export const defaultAttempts = 3;

/** The data of one BullMQ job: which batch, which request, and the request itself. */
export interface BatchJobData {
  batchId: string;
  index: number;
  request: BatchRequest;
}
