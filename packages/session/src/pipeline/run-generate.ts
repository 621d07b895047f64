import type {
  AssistantMessage,
  GenerateResponse,
  Message,
  ProviderAdapter,
  ProviderRequest,
  ToolMessage,
} from '@core/types';
import { executeToolCalls } from '../tools/execute-tool-calls.js';
import { parsePromptedToolCalls } from '../tools/prompted-tools.js';
import { addUsage } from './add-usage.js';
import type { CallContext } from './call-context.js';
import { attemptRequest, type CallPlan, retryPolicy, stepRequest, wantsAnotherStep } from './resolve-call.js';
import { deadlineAfter, withRetries } from './retry-loop.js';
import { cutAtStop } from './stop-sequences.js';

/** One model call: retry loop → adapter → normalised response (stop sequences, prompted tool calls). */
async function generateStep(
  adapter: ProviderAdapter,
  plan: CallPlan,
  request: ProviderRequest,
  context: CallContext,
  step: number,
  deadlineAt: number | undefined,
): Promise<GenerateResponse> {
  const result = await withRetries(
    async () => {
      await plan.beforeAttempt?.(request);
      return adapter.doGenerate(attemptRequest(request, deadlineAt));
    },
    retryPolicy(plan, deadlineAt),
    (notice) => context.emit('retry', notice),
  );
  let { content, finishReason, rawFinishReason, toolCalls } = result;
  if (request.stop !== undefined) {
    const cut = cutAtStop(content, request.stop);
    if (cut.stopped) {
      content = cut.text;
      finishReason = 'stop';
      rawFinishReason ??= 'stop_sequence';
    }
  }
  if (plan.promptedTools && plan.toolSpecs !== undefined) {
    const parsed = parsePromptedToolCalls(content, plan.toolSpecs, `call_${context.requestId}_${step}`);
    if (parsed.toolCalls.length > 0) {
      content = parsed.content;
      toolCalls = parsed.toolCalls;
      finishReason = 'tool_calls';
    }
  }
  const message: AssistantMessage = {
    role: 'assistant',
    content,
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(result.reasoning !== undefined ? { reasoning: result.reasoning } : {}),
    ...(result.reasoningBlocks !== undefined ? { reasoningBlocks: result.reasoningBlocks } : {}),
  };
  return {
    content,
    model: result.model ?? request.model,
    provider: adapter.provider,
    finishReason,
    rawFinishReason,
    usage: result.usage,
    toolCalls,
    reasoning: result.reasoning,
    genTimeMs: context.elapsedMs(),
    requestId: result.requestId,
    message,
    messages: [message],
    steps: 1,
    raw: result.raw,
  };
}

/**
 * A non-stream call. With `maxSteps > 1` and tools that can run, each step's tool calls are executed and
 * their results sent back until the model answers without calling tools or the steps run out; the
 * response is the last step's, with the usage of all steps and every message they added. `timeout` bounds
 * the whole call, every step and retry included, unless the caller passes a deadline of its own.
 */
export async function runGenerate(
  adapter: ProviderAdapter,
  plan: CallPlan,
  context: CallContext,
  deadlineAt = deadlineAfter(plan.request.timeoutMs),
): Promise<GenerateResponse> {
  let conversation: readonly Message[] = plan.request.messages;
  const added: Array<AssistantMessage | ToolMessage> = [];
  let usage: GenerateResponse['usage'] | undefined;
  for (let step = 1; ; step++) {
    const response = await generateStep(
      adapter,
      plan,
      stepRequest(plan, conversation),
      context,
      step,
      deadlineAt,
    );
    usage = usage === undefined ? response.usage : addUsage(usage, response.usage);
    added.push(response.message);
    if (!wantsAnotherStep(plan, response.toolCalls, step)) {
      return { ...response, usage, messages: added, steps: step, genTimeMs: context.elapsedMs() };
    }
    const results = await executeToolCalls(response.toolCalls, plan.tools, {
      timeoutMs: plan.toolTimeoutMs,
      signal: plan.signal,
      context,
    });
    added.push(...results);
    conversation = [...conversation, response.message, ...results];
  }
}
