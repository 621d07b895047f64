import type { GenerateChunk, ReasoningBlock, ToolCall, Usage } from '@core/types';
import { createThinkingSplitter, type ThinkingSplitter } from '../model-output/split-thinking.js';
import { createToolCallHoldback, type ToolCallHoldback } from '../model-output/text-tool-calls.js';
import type { FinishedStep, StepOutput } from './finish-step.js';
import type { Call } from './resolve-call.js';
import { createStopSequenceCutter, type StopSequenceCutter } from './stop-sequences.js';

const unknownUsage: Usage = { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };

/**
 * One step's chunks, collected for its output. On the way to the caller, content goes through the step's
 * filters in order: a leading `<think>` block becomes reasoning, text is cut at stop sequences the server
 * did not honour, and text that may be a tool call written as text is held back until the step's end.
 * Plain state with functions beside it (no closures, no getters): one is made per step of every stream.
 */
export interface StepCollector {
  /**
   * What the step said, in the batches already handed out: one flat string per batch is appended (see
   * `settleBatch`), not a piece per chunk. What a stream keeps for its whole life is what the GC copies
   * and promotes while it is open (measured: a rope or an array of every chunk's text doubled the
   * scavenger's work at 32 streams in flight).
   */
  content: string;
  /** The text of the batch being handed out, joined when it is spent. */
  readonly batchParts: string[];
  reasoning: string;
  readonly toolCalls: ToolCall[];
  readonly reasoningBlocks: ReasoningBlock[];
  /** Until the step's first text shows it opens no thinking block; then dropped (no cost per chunk). */
  thinking: ThinkingSplitter | undefined;
  readonly cutter: StopSequenceCutter | undefined;
  readonly holdback: ToolCallHoldback | undefined;
  /** The text the holdback kept to the step's end, for the step's finish to parse. */
  held: string;
  /** A stop sequence was reached: the rest of the step is dropped. */
  stopped: boolean;
  /** The chunk that carried the finish reason, held back until the tool loop decides. */
  finish: GenerateChunk | undefined;
  model: string | undefined;
  responseId: string | undefined;
}

/** A collector for the next step of `call`, with the filters its options ask for. */
export function collectStep(call: Call): StepCollector {
  const stop = call.request.stop;
  return {
    content: '',
    batchParts: [],
    reasoning: '',
    toolCalls: [],
    reasoningBlocks: [],
    thinking: createThinkingSplitter(),
    cutter: stop === undefined ? undefined : createStopSequenceCutter(stop),
    holdback: call.textToolCalls ? createToolCallHoldback() : undefined,
    held: '',
    stopped: false,
    finish: undefined,
    model: undefined,
    responseId: undefined,
  };
}

/** Collects `original`; returns the chunk to hand to the caller (its text filtered), or undefined to hold it. */
export function takeChunk(collector: StepCollector, original: GenerateChunk): GenerateChunk | undefined {
  let content = original.content;
  let reasoning = original.reasoning;
  const ending = original.finishReason !== undefined;
  const { thinking } = collector;
  if (thinking !== undefined && (content !== '' || ending)) {
    const split = thinking.push(content);
    content = split.content;
    if (split.reasoning !== '')
      reasoning = reasoning === undefined ? split.reasoning : reasoning + split.reasoning;
    if (split.settled) collector.thinking = undefined;
    else if (ending) {
      // The step ends still inside a thinking block (or before any text): what was held is flushed.
      const rest = thinking.flush();
      content += rest.content;
      if (rest.reasoning !== '')
        reasoning = reasoning === undefined ? rest.reasoning : reasoning + rest.reasoning;
      collector.thinking = undefined;
    }
  }
  let finishReason = original.finishReason;
  const { cutter } = collector;
  if (cutter !== undefined) {
    const cut = cutter.push(content);
    if (cut.stopped) {
      // The server ignored `stop`: end here, as a server that honours it would have.
      collector.stopped = true;
      content = cut.text;
      finishReason ??= 'stop';
    } else {
      content = ending ? cut.text + cutter.flush() : cut.text;
    }
  }
  const { holdback } = collector;
  if (holdback !== undefined) {
    content = holdback.push(content);
    if (ending || collector.stopped) collector.held = holdback.end();
  }
  let chunk = original;
  if (
    content !== original.content ||
    reasoning !== original.reasoning ||
    finishReason !== original.finishReason
  ) {
    chunk = { ...original, content };
    if (reasoning === undefined) delete chunk.reasoning;
    else chunk.reasoning = reasoning;
    if (finishReason !== undefined) chunk.finishReason = finishReason;
  }
  if (content !== '') collector.batchParts.push(content);
  if (reasoning !== undefined && reasoning !== '') collector.reasoning += reasoning;
  if (chunk.toolCalls !== undefined) collector.toolCalls.push(...chunk.toolCalls);
  if (chunk.reasoningBlocks !== undefined) collector.reasoningBlocks.push(...chunk.reasoningBlocks);
  if (chunk.model !== undefined) collector.model = chunk.model;
  if (chunk.responseId !== undefined) collector.responseId = chunk.responseId;
  if (chunk.finishReason !== undefined || collector.stopped) {
    collector.finish = chunk;
    return undefined;
  }
  // A chunk whose text is all held back, with nothing else in it, is not a chunk yet.
  if (
    content === '' &&
    original.content !== '' &&
    (reasoning === undefined || reasoning === '') &&
    chunk.reasoningBlocks === undefined &&
    chunk.toolCalls === undefined
  ) {
    return undefined;
  }
  return chunk;
}

/** The batch handed out so far is spent: its text joins the step's, as one string. */
export function settleBatch(collector: StepCollector): void {
  const parts = collector.batchParts;
  if (parts.length === 0) return;
  collector.content += parts.length === 1 ? (parts[0] as string) : parts.join('');
  parts.length = 0;
}

export function stepOutputOf(collector: StepCollector, requestId: string | undefined): StepOutput {
  settleBatch(collector);
  const { finish, stopped } = collector;
  const reasoning = collector.reasoning.trim();
  return {
    content: collector.content + collector.held,
    reasoning: reasoning === '' ? undefined : reasoning,
    reasoningBlocks: collector.reasoningBlocks.length > 0 ? collector.reasoningBlocks : undefined,
    toolCalls: collector.toolCalls,
    finishReason: finish?.finishReason ?? 'other',
    rawFinishReason: stopped ? (finish?.rawFinishReason ?? 'stop_sequence') : finish?.rawFinishReason,
    usage: finish?.usage ?? unknownUsage,
    model: collector.model,
    requestId,
    responseId: collector.responseId,
    raw: undefined,
    stoppedAtSequence: stopped,
  };
}

/**
 * The text of a finished step the caller has not seen: what the holdback kept, less any tool calls the
 * step's finish parsed out of it (the caller already has everything before it).
 */
export function unseenText(collector: StepCollector, finished: FinishedStep): string {
  if (collector.held === '') return '';
  const seen = collector.content;
  return finished.content.startsWith(seen) ? finished.content.slice(seen.length) : '';
}
