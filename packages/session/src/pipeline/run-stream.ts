import type { FinishReason, GenerateChunk, GenerateStream, ProviderAdapter, Usage } from '@core/types';
import type { Release } from '../concurrency-limiter.js';
import type { CallContext } from './call-context.js';
import type { CallPlan } from './resolve-call.js';
import { withRetries } from './retry-loop.js';
import { createStopSequenceCutter, type StopSequenceCutter } from './stop-sequences.js';

interface StartedStream {
  iterator: AsyncIterator<GenerateChunk>;
  first: IteratorResult<GenerateChunk>;
  providerRequestId: string | undefined;
}

/**
 * A stream call. The retry loop covers opening the stream and pulling its first chunk, which has not
 * reached the caller yet; the promise resolves after that, so HTTP errors, retries and a stream that
 * breaks before its first chunk all happen before the caller's `for await` starts. Later failures are
 * thrown inside the `for await`, never retried.
 */
export async function runStream(
  adapter: ProviderAdapter,
  plan: CallPlan,
  context: CallContext,
  release: Release | undefined,
): Promise<GenerateStream> {
  const started = await withRetries<StartedStream>(
    async () => {
      const stream = await adapter.doStream(plan.request);
      const iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      return { iterator, first, providerRequestId: stream.requestId };
    },
    {
      maxRetries: plan.maxRetries,
      initialDelayMs: plan.retryInitialDelayMs,
      maxDelayMs: plan.retryMaxDelayMs,
      signal: plan.signal,
    },
    (notice) => context.emit('retry', notice),
  );
  context.emit('generation:first-chunk', { timeToFirstChunkMs: context.elapsedMs() });
  const stop = plan.request.stop;
  return createRelay(
    started,
    context,
    stop === undefined ? undefined : createStopSequenceCutter(stop),
    release,
  );
}

function createRelay(
  started: StartedStream,
  context: CallContext,
  cutter: StopSequenceCutter | undefined,
  release: Release | undefined,
): GenerateStream {
  let iterated = false;
  const { iterator, providerRequestId } = started;

  async function* relay(): AsyncGenerator<GenerateChunk, void, undefined> {
    let finishReason: FinishReason | undefined;
    let usage: Usage | undefined;
    let completed = false;
    let failed = false;
    let upstreamDone = false;
    try {
      let next = started.first;
      while (next.done !== true) {
        const chunk = next.value;
        if (chunk.finishReason !== undefined) finishReason = chunk.finishReason;
        if (chunk.usage !== undefined) usage = chunk.usage;
        if (cutter === undefined) {
          yield chunk;
        } else {
          const cut = cutter.push(chunk.content);
          if (cut.stopped) {
            // The server ignored `stop`: end here, as a server that honours it would have.
            yield { ...chunk, content: cut.text, finishReason: 'stop', rawFinishReason: 'stop_sequence' };
            finishReason = 'stop';
            completed = true;
            return;
          }
          if (chunk.finishReason !== undefined) {
            yield { ...chunk, content: cut.text + cutter.flush() };
          } else if (cut.text !== '' || chunk.content === '') {
            yield cut.text === chunk.content ? chunk : { ...chunk, content: cut.text };
          }
        }
        next = await iterator.next();
      }
      upstreamDone = true;
      completed = true;
    } catch (error) {
      failed = true;
      context.emit('generation:error', { stream: true, durationMs: context.elapsedMs(), error });
      throw error;
    } finally {
      // Leaving early (break, throw in the loop body, stop sequence) closes the request.
      if (!upstreamDone && !failed) await iterator.return?.();
      release?.();
      if (!failed) {
        context.emit('generation:end', {
          stream: true,
          durationMs: context.elapsedMs(),
          usage,
          finishReason,
          completed,
          providerRequestId,
        });
      }
    }
  }

  return {
    requestId: providerRequestId,
    [Symbol.asyncIterator]() {
      if (iterated)
        throw new TypeError('A stream can be iterated once; collect its chunks if you need them twice.');
      iterated = true;
      return relay();
    },
  };
}
