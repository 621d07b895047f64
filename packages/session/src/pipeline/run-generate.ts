import type { GenerateResponse, ProviderAdapter } from '@core/types';
import type { CallContext } from './call-context.js';
import type { CallPlan } from './resolve-call.js';
import { withRetries } from './retry-loop.js';
import { cutAtStop } from './stop-sequences.js';

/** A non-stream call: retry loop → adapter → normalised response. */
export async function runGenerate(
  adapter: ProviderAdapter,
  plan: CallPlan,
  context: CallContext,
): Promise<GenerateResponse> {
  const result = await withRetries(
    () => adapter.doGenerate(plan.request),
    {
      maxRetries: plan.maxRetries,
      initialDelayMs: plan.retryInitialDelayMs,
      maxDelayMs: plan.retryMaxDelayMs,
      signal: plan.signal,
    },
    (notice) => context.emit('retry', notice),
  );
  let { content, finishReason, rawFinishReason } = result;
  if (plan.request.stop !== undefined) {
    const cut = cutAtStop(content, plan.request.stop);
    if (cut.stopped) {
      content = cut.text;
      finishReason = 'stop';
      rawFinishReason ??= 'stop_sequence';
    }
  }
  const toolCalls = result.toolCalls;
  return {
    content,
    model: result.model ?? plan.request.model,
    provider: adapter.provider,
    finishReason,
    rawFinishReason,
    usage: result.usage,
    toolCalls,
    reasoning: result.reasoning,
    genTimeMs: context.elapsedMs(),
    requestId: result.requestId,
    message: {
      role: 'assistant',
      content,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      ...(result.reasoning !== undefined ? { reasoning: result.reasoning } : {}),
      ...(result.reasoningBlocks !== undefined ? { reasoningBlocks: result.reasoningBlocks } : {}),
    },
    raw: result.raw,
  };
}
