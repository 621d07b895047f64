import type { GenerateChunk, ProviderStream, Warning } from '@core/types';
import { convertOnnxUsage } from './convert-onnx-usage.js';
import { type CallLimits, createCallGuard } from './create-call-guard.js';
import type { GenerationReport, WorkerGenerateRequest } from './worker-messages.js';
import type { WorkerPool } from './worker-pool.js';

/**
 * One streamed generation, read a batch at a time. Text posted by the worker is queued as it arrives and
 * handed out on each read, joined once when several pieces wait (a slow reader gets fewer, larger chunks).
 * The last chunk carries the finish reason and the tokenizer's usage. Closing the stream, an abort or a
 * timeout stops the worker after its current forward pass. `warnings` are the request's, known before it
 * was queued.
 */
export function streamOnnxGeneration(
  pool: WorkerPool,
  request: WorkerGenerateRequest,
  limits: CallLimits,
  warnings?: readonly Warning[],
): ProviderStream {
  const pieces: string[] = [];
  let wake: (() => void) | undefined;
  let report: GenerationReport | undefined;
  let failure: { reason: unknown } | undefined;
  let over = false;
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

  function end(): void {
    over = true;
    guard.dispose();
    if (report === undefined) job.cancel();
  }

  return {
    ...(warnings === undefined ? {} : { warnings }),
    async read() {
      for (;;) {
        if (over) return undefined;
        if (failure !== undefined) {
          end();
          throw failure.reason;
        }
        const chunks: GenerateChunk[] = [];
        if (pieces.length > 0) {
          chunks.push({ content: pieces.length === 1 ? (pieces[0] as string) : pieces.join('') });
          pieces.length = 0;
          guard.chunkArrived();
        }
        if (report !== undefined) {
          chunks.push({
            content: '',
            finishReason: report.finishReason,
            rawFinishReason: report.rawFinishReason,
            usage: convertOnnxUsage(report),
            model: limits.model,
          });
          end();
        }
        if (chunks.length > 0) return chunks;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    close(reason) {
      if (over) return;
      failure ??= { reason: reason ?? new Error('The stream was closed') };
      end();
      notify();
    },
  };
}
