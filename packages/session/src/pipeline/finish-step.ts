import type {
  AssistantMessage,
  FinishReason,
  GenerateResponse,
  ProviderResult,
  ReasoningBlock,
  ToolCall,
  ToolMessage,
  Usage,
} from '@core/types';
import { splitThinking } from '../model-output/split-thinking.js';
import { parseTextToolCalls } from '../model-output/text-tool-calls.js';
import { elapsedMs, requestIdOf } from './call-events.js';
import { normalizeFinishReason } from './normalize-finish-reason.js';
import type { Call } from './resolve-call.js';
import { cutAtStop } from './stop-sequences.js';

/** What one model call produced, before the pipeline finishes it: decoded by the adapter or collected from a stream. */
export interface StepOutput {
  content: string;
  reasoning: string | undefined;
  reasoningBlocks: ReasoningBlock[] | undefined;
  toolCalls: ToolCall[];
  /** As the provider reported it. */
  finishReason: FinishReason;
  rawFinishReason: string | undefined;
  usage: Usage;
  model: string | undefined;
  requestId: string | undefined;
  /** The completion's id in the provider's body, when it has one. */
  responseId: string | undefined;
  raw: unknown;
  /** The text was already cut at a stop sequence the server did not honour (a stream cuts as it goes). */
  stoppedAtSequence: boolean;
}

/** A finished step: the assistant message it adds to the conversation and its normalised outcome. */
export interface FinishedStep {
  message: AssistantMessage;
  content: string;
  reasoning: string | undefined;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  rawFinishReason: string | undefined;
  usage: Usage;
  model: string;
  requestId: string | undefined;
  responseId: string | undefined;
  raw: unknown;
}

/** Joins reasoning the wire sent apart with reasoning written into the text. */
export function joinReasoning(native: string | undefined, written: string | undefined): string | undefined {
  if (written === undefined || written === '') return native;
  return native === undefined || native === '' ? written : `${native}\n\n${written}`;
}

/**
 * A non-stream result as a step's output: a leading `<think>` block moved to reasoning, and the text cut at
 * the first stop sequence, for servers that ignore `stop`.
 */
export function outputOfResult(call: Call, result: ProviderResult): StepOutput {
  const thinking = splitThinking(result.content);
  let content = thinking.content;
  let stoppedAtSequence = false;
  const stop = call.request.stop;
  if (stop !== undefined) {
    const cut = cutAtStop(content, stop);
    content = cut.text;
    stoppedAtSequence = cut.stopped;
  }
  return {
    content,
    reasoning: joinReasoning(result.reasoning, thinking.reasoning),
    reasoningBlocks: result.reasoningBlocks,
    toolCalls: result.toolCalls,
    finishReason: result.finishReason,
    rawFinishReason: result.rawFinishReason,
    usage: result.usage,
    model: result.model,
    requestId: result.requestId,
    responseId: result.responseId,
    raw: result.raw,
    stoppedAtSequence,
  };
}

/**
 * Completes one step, the same for a plain call and a stream: tool calls written as text parsed where
 * tools were offered and none came natively (prompted tools, or a server without a tool parser), the
 * finish reason normalised, and the assistant message built (tool calls and reasoning blocks kept, so the
 * conversation can go on).
 */
export function finishStep(call: Call, output: StepOutput, step: number): FinishedStep {
  let { content, toolCalls } = output;
  if (call.textToolCalls && call.toolSpecs !== undefined && toolCalls.length === 0) {
    const parsed = parseTextToolCalls(content, call.toolSpecs, `call_${requestIdOf(call)}_${step}`);
    if (parsed.toolCalls.length > 0) {
      content = parsed.content;
      toolCalls = parsed.toolCalls;
    }
  }
  const finishReason = normalizeFinishReason(output.finishReason, {
    hasToolCalls: toolCalls.length > 0,
    stoppedAtSequence: output.stoppedAtSequence,
  });
  const rawFinishReason = output.rawFinishReason ?? (output.stoppedAtSequence ? 'stop_sequence' : undefined);
  const message: AssistantMessage = { role: 'assistant', content };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (output.reasoning !== undefined && output.reasoning !== '') message.reasoning = output.reasoning;
  if (output.reasoningBlocks !== undefined && output.reasoningBlocks.length > 0)
    message.reasoningBlocks = output.reasoningBlocks;
  return {
    message,
    content,
    reasoning: message.reasoning,
    toolCalls,
    finishReason,
    rawFinishReason,
    usage: output.usage,
    model: output.model ?? call.request.model,
    requestId: output.requestId,
    responseId: output.responseId,
    raw: output.raw,
  };
}

/**
 * The response of a whole call, plain or streamed (a stream's `completion`): the last step's answer, with
 * the usage of all steps and every message they added.
 */
export function responseOfSteps(
  call: Call,
  last: FinishedStep,
  usage: Usage,
  messages: Array<AssistantMessage | ToolMessage>,
  steps: number,
  genTimeMs = elapsedMs(call),
): GenerateResponse {
  const timings =
    call.firstChunkMs === undefined
      ? { totalMs: genTimeMs }
      : { firstChunkMs: call.firstChunkMs, totalMs: genTimeMs };
  return {
    content: last.content,
    model: last.model,
    provider: call.provider,
    finishReason: last.finishReason,
    rawFinishReason: last.rawFinishReason,
    usage,
    toolCalls: last.toolCalls,
    reasoning: last.reasoning,
    genTimeMs,
    timings,
    warnings: [...call.warnings],
    requestId: last.requestId,
    ...(last.responseId === undefined ? {} : { responseId: last.responseId }),
    message: last.message,
    messages,
    steps,
    raw: last.raw,
  };
}
