import type { GenerateChunk } from '@core/types';
import { convertOnnxUsage } from './convert-onnx-usage.js';
import { type CallLimits, createCallGuard } from './create-call-guard.js';
import type { GenerationReport, WorkerGenerateRequest } from './worker-messages.js';
import type { WorkerPool } from './worker-pool.js';

/**
 * One streamed generation as chunks. Text posted by the worker is queued as it arrives and handed out on
 * each pull, joined once when several pieces wait (a slow reader gets fewer, larger chunks). The last chunk
 * carries the finish reason and the tokenizer's usage. Leaving the loop early, an abort or a timeout stops
 * the worker after its current forward pass.
 */
export async function* streamOnnxGeneration(
  pool: WorkerPool,
  request: WorkerGenerateRequest,
  limits: CallLimits,
): AsyncGenerator<GenerateChunk, void, undefined> {
  const pieces: string[] = [];
  let wake: (() => void) | undefined;
  let report: GenerationReport | undefined;
  let failure: { reason: unknown } | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const job = pool.generate(request, (text) => {
    pieces.push(text);
    notify();
  });
  const guard = createCallGuard(limits, (reason) => {
    failure ??= { reason };
    job.cancel();
    notify();
  });
  job.report.then(
    (value) => {
      report = value;
      notify();
    },
    (error: unknown) => {
      failure ??= { reason: error };
      notify();
    },
  );
  try {
    for (;;) {
      if (failure !== undefined) throw failure.reason;
      if (pieces.length > 0) {
        const content = pieces.length === 1 ? (pieces[0] as string) : pieces.join('');
        pieces.length = 0;
        guard.chunkArrived();
        yield { content };
        continue;
      }
      if (report !== undefined) {
        yield {
          content: '',
          finishReason: report.finishReason,
          rawFinishReason: report.rawFinishReason,
          usage: convertOnnxUsage(report),
          model: limits.model,
        };
        return;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    guard.dispose();
    if (report === undefined) job.cancel();
  }
}
