import type {
  AssistantMessage,
  FinishReason,
  GenerateChunk,
  GenerateResponse,
  GenerateStream,
  Message,
  ProviderAdapter,
  ReasoningBlock,
  ToolCall,
  ToolMessage,
  Usage,
} from '@core/types';
import type { Release } from '../concurrency-limiter.js';
import { executeToolCalls } from '../tools/execute-tool-calls.js';
import { parsePromptedToolCalls } from '../tools/prompted-tools.js';
import { addUsage } from './add-usage.js';
import type { CallContext } from './call-context.js';
import { attemptRequest, type CallPlan, retryPolicy, stepRequest, wantsAnotherStep } from './resolve-call.js';
import { deadlineAfter, withRetries } from './retry-loop.js';
import { createStopSequenceCutter } from './stop-sequences.js';

interface StartedStep {
  iterator: AsyncIterator<GenerateChunk>;
  first: IteratorResult<GenerateChunk>;
  providerRequestId: string | undefined;
}

const unknownUsage: Usage = { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };

// Opening a step and pulling its first chunk happen inside the retry loop: nothing of this request has
// reached the caller yet, so a failure there (HTTP status, reset, timeout before the first chunk) can be
// retried. Once `startStep` resolves, nothing about the step is retried. `timeout` bounds this whole phase,
// retries included.
function startStep(
  adapter: ProviderAdapter,
  plan: CallPlan,
  conversation: readonly Message[],
  context: CallContext,
) {
  const deadlineAt = deadlineAfter(plan.request.timeoutMs);
  return withRetries<StartedStep>(
    async () => {
      const request = stepRequest(plan, conversation);
      await plan.beforeAttempt?.(request);
      const stream = await adapter.doStream(attemptRequest(request, deadlineAt));
      const iterator = stream[Symbol.asyncIterator]();
      try {
        return { iterator, first: await iterator.next(), providerRequestId: stream.requestId };
      } catch (error) {
        await iterator.return?.();
        throw error;
      }
    },
    retryPolicy(plan, deadlineAt),
    (notice) => context.emit('retry', notice),
  );
}

/**
 * A stream call. The promise resolves once the first chunk has arrived, so HTTP errors and retries happen
 * before the caller's `for await` starts; later failures are thrown inside it, never retried. With
 * `maxSteps > 1` the tools of each step run between steps and the next step's chunks follow; only the
 * last chunk of the last step carries the finish reason and the usage of all steps.
 */
export async function runStream(
  adapter: ProviderAdapter,
  plan: CallPlan,
  context: CallContext,
  release: Release | undefined,
): Promise<GenerateStream> {
  const first = await startStep(adapter, plan, plan.request.messages, context);
  context.emit('generation:first-chunk', { timeToFirstChunkMs: context.elapsedMs() });
  return createRelay(adapter, plan, context, first, release);
}

function createRelay(
  adapter: ProviderAdapter,
  plan: CallPlan,
  context: CallContext,
  firstStep: StartedStep,
  release: Release | undefined,
): GenerateStream {
  let iterated = false;
  let settleCompletion: (response: GenerateResponse) => void = () => {};
  let failCompletion: (error: unknown) => void = () => {};
  const completion = new Promise<GenerateResponse>((resolve, reject) => {
    settleCompletion = resolve;
    failCompletion = reject;
  });
  // Nobody has to read `completion`; its rejection must not surface as unhandled.
  completion.catch(() => {});
  const stop = plan.request.stop;

  async function* relay(): AsyncGenerator<GenerateChunk, void, undefined> {
    let started = firstStep;
    let conversation: readonly Message[] = plan.request.messages;
    const added: Array<AssistantMessage | ToolMessage> = [];
    let totalUsage: Usage | undefined;
    let finishReason: FinishReason | undefined;
    let rawFinishReason: string | undefined;
    let model: string | undefined;
    let upstreamDone = false;
    let failed = false;
    let finished = false;
    try {
      for (let step = 1; ; step++) {
        // What this step said, collected once per chunk and joined once at its end.
        const contentParts: string[] = [];
        const reasoningParts: string[] = [];
        const toolCalls: ToolCall[] = [];
        const reasoningBlocks: ReasoningBlock[] = [];
        let stepUsage: Usage | undefined;
        let stepFinish: GenerateChunk | undefined;
        const cutter = stop === undefined ? undefined : createStopSequenceCutter(stop);
        const { iterator } = started;
        let next = started.first;
        upstreamDone = false;
        let stopped = false;
        while (next.done !== true) {
          let chunk = next.value;
          if (cutter !== undefined) {
            const cut = cutter.push(chunk.content);
            if (cut.stopped) {
              // The server ignored `stop`: end here, as a server that honours it would have.
              chunk = {
                ...chunk,
                content: cut.text,
                finishReason: 'stop',
                rawFinishReason: chunk.rawFinishReason ?? 'stop_sequence',
              };
              stopped = true;
            } else if (chunk.finishReason !== undefined) {
              chunk = { ...chunk, content: cut.text + cutter.flush() };
            } else if (cut.text !== chunk.content) {
              if (cut.text === '' && chunk.reasoning === undefined && chunk.toolCalls === undefined) {
                next = await iterator.next();
                continue;
              }
              chunk = { ...chunk, content: cut.text };
            }
          }
          if (chunk.content !== '') contentParts.push(chunk.content);
          if (chunk.reasoning !== undefined) reasoningParts.push(chunk.reasoning);
          if (chunk.toolCalls !== undefined) toolCalls.push(...chunk.toolCalls);
          if (chunk.reasoningBlocks !== undefined) reasoningBlocks.push(...chunk.reasoningBlocks);
          if (chunk.usage !== undefined) stepUsage = chunk.usage;
          if (chunk.model !== undefined) model = chunk.model;
          if (chunk.finishReason !== undefined) {
            // Held back: the call's last chunk is only known once the tool loop decides.
            stepFinish = chunk;
          } else {
            yield chunk;
          }
          if (stopped) break;
          next = await iterator.next();
        }
        upstreamDone = !stopped;
        if (stopped) await iterator.return?.();

        let content = contentParts.join('');
        let calls = toolCalls;
        if (plan.promptedTools && plan.toolSpecs !== undefined && calls.length === 0) {
          const parsed = parsePromptedToolCalls(content, plan.toolSpecs, `call_${context.requestId}_${step}`);
          if (parsed.toolCalls.length > 0) {
            content = parsed.content;
            calls = parsed.toolCalls;
          }
        }
        const reasoning = reasoningParts.join('');
        const message: AssistantMessage = {
          role: 'assistant',
          content,
          ...(calls.length > 0 ? { toolCalls: calls } : {}),
          ...(reasoning === '' ? {} : { reasoning }),
          ...(reasoningBlocks.length > 0 ? { reasoningBlocks } : {}),
        };
        added.push(message);
        totalUsage =
          totalUsage === undefined
            ? (stepUsage ?? unknownUsage)
            : addUsage(totalUsage, stepUsage ?? unknownUsage);
        finishReason =
          calls.length > 0 && stepFinish?.finishReason === 'stop'
            ? 'tool_calls'
            : (stepFinish?.finishReason ?? 'other');
        rawFinishReason = stepFinish?.rawFinishReason;
        const more = !stopped && wantsAnotherStep(plan, calls, step);
        if (!more) {
          // The call's last chunk: the held finish chunk, with prompted tool calls and the usage of all steps.
          // The completion is settled first: a caller may stop reading at this very chunk.
          finished = true;
          settleCompletion({
            content,
            model: model ?? plan.request.model,
            provider: adapter.provider,
            finishReason,
            rawFinishReason,
            usage: totalUsage,
            toolCalls: calls,
            reasoning: reasoning === '' ? undefined : reasoning,
            genTimeMs: context.elapsedMs(),
            requestId: started.providerRequestId,
            message,
            messages: added,
            steps: step,
            raw: undefined,
          });
          const promptedCalls = calls !== toolCalls ? { toolCalls: calls } : {};
          yield {
            ...(stepFinish ?? { content: '' }),
            ...promptedCalls,
            finishReason,
            ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
            usage: totalUsage,
          };
          return;
        }
        // The step's calls, without its finish: the stream goes on with the next step.
        if (stepFinish !== undefined && (stepFinish.content !== '' || stepFinish.toolCalls !== undefined)) {
          yield {
            content: stepFinish.content,
            ...(stepFinish.toolCalls === undefined ? {} : { toolCalls: stepFinish.toolCalls }),
          };
        }
        const results = await executeToolCalls(calls, plan.tools, {
          timeoutMs: plan.toolTimeoutMs,
          signal: plan.signal,
          context,
        });
        added.push(...results);
        conversation = [...conversation, message, ...results];
        started = await startStep(adapter, plan, conversation, context);
      }
    } catch (error) {
      failed = true;
      failCompletion(error);
      context.emit('generation:error', { stream: true, durationMs: context.elapsedMs(), error });
      throw error;
    } finally {
      // Leaving early (break, a throw in the loop body) closes the request.
      if (!upstreamDone && !failed) await started.iterator.return?.();
      release?.();
      if (!finished && !failed) failCompletion(new Error('The stream was left before it ended'));
      if (!failed) {
        context.emit('generation:end', {
          stream: true,
          durationMs: context.elapsedMs(),
          usage: totalUsage,
          finishReason,
          completed: finished,
          providerRequestId: started.providerRequestId,
        });
      }
    }
  }

  return {
    requestId: firstStep.providerRequestId,
    completion,
    [Symbol.asyncIterator]() {
      if (iterated)
        throw new TypeError('A stream can be iterated once; collect its chunks if you need them twice.');
      iterated = true;
      return relay();
    },
  };
}
