import {
  type AssistantMessage,
  type GenerateChunk,
  type GenerateResponse,
  type GenerateStream,
  type Message,
  type ProviderStream,
  type ReasoningBlock,
  TimeoutError,
  type ToolCall,
  type ToolMessage,
  type Usage,
} from '@core/types';
import { addUsage } from '../add-usage.js';
import type { Release } from '../concurrency-limiter.js';
import { createThinkingSplitter, type ThinkingSplitter } from '../model-output/split-thinking.js';
import { createToolCallHoldback, type ToolCallHoldback } from '../model-output/text-tool-calls.js';
import { elapsedMs, emitEnd, emitError } from './call-events.js';
import { executeToolCalls } from './execute-tool-calls.js';
import { type FinishedStep, finishStep, responseOfSteps, type StepOutput } from './finish-step.js';
import { type Call, wantsAnotherStep } from './resolve-call.js';
import { createStopSequenceCutter, type StopSequenceCutter } from './stop-sequences.js';
import { type StreamWatchdog, watchStream } from './stream-watchdog.js';

/** A step whose stream has started: the provider's stream and its first batch of chunks. */
export interface StartedStep {
  stream: ProviderStream;
  batch: readonly GenerateChunk[];
}

/** What the relay needs from the rest of the pipeline. */
export interface StreamRelayOptions {
  call: Call;
  first: StartedStep;
  /** Starts a later step of the tool loop (rate limiter → retry loop → adapter → its first batch). */
  startStep(conversation: readonly Message[]): Promise<StartedStep>;
  /** The `maxConcurrency` slot, held until the stream is over. */
  release: Release | undefined;
}

const unknownUsage: Usage = { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };

/**
 * One step's chunks, collected for its output. On the way to the caller, content goes through the step's
 * filters in order: a leading `<think>` block becomes reasoning, text is cut at stop sequences the server
 * did not honour, and text that may be a tool call written as text is held back until the step's end.
 * Plain state with functions beside it (no closures, no getters): one is made per step of every stream.
 */
interface StepCollector {
  // What the step said, collected once per chunk and joined once at its end.
  readonly contentParts: string[];
  readonly reasoningParts: string[];
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
}

function collectStep(call: Call): StepCollector {
  const stop = call.request.stop;
  return {
    contentParts: [],
    reasoningParts: [],
    toolCalls: [],
    reasoningBlocks: [],
    thinking: createThinkingSplitter(),
    cutter: stop === undefined ? undefined : createStopSequenceCutter(stop),
    holdback: call.textToolCalls ? createToolCallHoldback() : undefined,
    held: '',
    stopped: false,
    finish: undefined,
    model: undefined,
  };
}

/** Collects `original`; returns the chunk to hand to the caller (its text filtered), or undefined to hold it. */
function takeChunk(collector: StepCollector, original: GenerateChunk): GenerateChunk | undefined {
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
  if (content !== '') collector.contentParts.push(content);
  if (reasoning !== undefined && reasoning !== '') collector.reasoningParts.push(reasoning);
  if (chunk.toolCalls !== undefined) collector.toolCalls.push(...chunk.toolCalls);
  if (chunk.reasoningBlocks !== undefined) collector.reasoningBlocks.push(...chunk.reasoningBlocks);
  if (chunk.model !== undefined) collector.model = chunk.model;
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

function stepOutputOf(collector: StepCollector, requestId: string | undefined): StepOutput {
  const { finish, stopped } = collector;
  const reasoning = collector.reasoningParts.join('').trim();
  return {
    content: collector.contentParts.join('') + collector.held,
    reasoning: reasoning === '' ? undefined : reasoning,
    reasoningBlocks: collector.reasoningBlocks.length > 0 ? collector.reasoningBlocks : undefined,
    toolCalls: collector.toolCalls,
    finishReason: finish?.finishReason ?? 'other',
    rawFinishReason: stopped ? (finish?.rawFinishReason ?? 'stop_sequence') : finish?.rawFinishReason,
    usage: finish?.usage ?? unknownUsage,
    model: collector.model,
    requestId,
    raw: undefined,
    stoppedAtSequence: stopped,
  };
}

/**
 * The text of a finished step the caller has not seen: what the holdback kept, less any tool calls the
 * step's finish parsed out of it (the caller already has everything before it).
 */
function unseenText(collector: StepCollector, finished: FinishedStep): string {
  if (collector.held === '') return '';
  const seen = collector.contentParts.join('');
  return finished.content.startsWith(seen) ? finished.content.slice(seen.length) : '';
}

/**
 * The stream path after its first batch: the caller's one async iterator. Each batch's chunks go to the
 * caller as they are (text cut at stop sequences where the server ignored them); the chunk with the finish
 * reason is held until the step is finished (`finishStep`) and the tool loop decides: with tools to run,
 * they run and the next step's chunks follow; otherwise that chunk goes out last, with the finish reason
 * and the usage of all steps. A watchdog closes a stream nobody reads or nothing arrives on for
 * `idleTimeout` (its slot and socket freed, the next read throws the `TimeoutError`).
 */
export function createStreamRelay(options: StreamRelayOptions): GenerateStream {
  const { call, first } = options;
  let release = options.release;
  let current = first;
  let iterated = false;
  let running = false;
  let over = false;
  let expired: TimeoutError | undefined;
  // How the stream ended, for `completion`: the response (built when first asked for), or the failure.
  let outcome: { response: () => GenerateResponse } | { error: unknown } | undefined;
  let completion: Promise<GenerateResponse> | undefined;
  let deliver: (() => void) | undefined;
  const settleCompletion = (response: () => GenerateResponse): void => {
    outcome ??= { response };
    deliver?.();
  };
  const failCompletion = (error: unknown): void => {
    outcome ??= { error };
    deliver?.();
  };
  // Made when first read: most callers never ask for it, and then it costs nothing.
  function completionPromise(): Promise<GenerateResponse> {
    if (completion !== undefined) return completion;
    completion = new Promise<GenerateResponse>((resolve, reject) => {
      deliver = () => {
        if (outcome === undefined) return;
        deliver = undefined;
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.response());
      };
      deliver();
    });
    // Nobody has to await it; its rejection must not surface as unhandled.
    completion.catch(() => {});
    return completion;
  }

  const { signal } = call;
  const idleTimeoutMs = call.request.idleTimeoutMs;
  const watchdog: StreamWatchdog | undefined =
    idleTimeoutMs === undefined ? undefined : watchStream(idleTimeoutMs, () => expire(idleTimeoutMs));

  // Frees what the stream holds, once: the watchdog, the provider's stream, the slot.
  function end(reason?: unknown): void {
    if (over) return;
    over = true;
    watchdog?.stop();
    current.stream.close(reason);
    release?.();
    release = undefined;
  }

  function fail(error: unknown): void {
    if (over) return;
    end(error);
    failCompletion(error);
    emitError(call, true, error);
  }

  function expire(timeoutMs: number): void {
    expired = new TimeoutError({
      message: `Nothing was read from the ${call.provider} stream for ${timeoutMs} ms (idleTimeout): it was closed`,
      provider: call.provider,
      model: call.model,
      timeoutMs,
      phase: 'idle',
    });
    // A read in progress rejects with it and the relay fails there; otherwise nobody is reading, so the
    // stream is freed now and the next read throws.
    if (running) current.stream.close(expired);
    else fail(expired);
  }

  // The batch being handed out and the next chunk in it: shared by the generator and the fast path.
  let batch: readonly GenerateChunk[] = first.batch;
  let index = 0;
  let collector = collectStep(call);
  // The generator is paused at a chunk's `yield`: the fast path may hand out the rest of the batch.
  let atChunk = false;

  async function read(): Promise<readonly GenerateChunk[] | undefined> {
    const batch = await current.stream.read();
    watchdog?.progress();
    return batch;
  }

  async function* relay(): AsyncGenerator<GenerateChunk, void, undefined> {
    if (expired !== undefined) throw expired;
    let conversation: readonly Message[] = call.request.messages;
    const added: Array<AssistantMessage | ToolMessage> = [];
    let usage: Usage | undefined;
    let last: FinishedStep | undefined;
    let completed = false;
    running = true;
    try {
      for (let step = 1; ; step++) {
        collector = collectStep(call);
        batch = current.batch;
        index = 0;
        for (;;) {
          // `index` is shared with the iterator's fast path, which may have handed out chunks meanwhile.
          while (index < batch.length) {
            const passed = takeChunk(collector, batch[index++] as GenerateChunk);
            if (passed !== undefined) {
              running = false;
              atChunk = true;
              yield passed;
              atChunk = false;
              running = true;
              watchdog?.progress();
              if (expired !== undefined) throw expired;
              // Chunks already in hand are not handed out after the caller aborted.
              if (signal?.aborted) throw signal.reason;
            }
            if (collector.stopped) break;
          }
          if (collector.stopped) {
            // The rest of the answer is not wanted: stop the server sending it.
            current.stream.close();
            break;
          }
          const next = await read();
          if (next === undefined) break;
          batch = next;
          index = 0;
        }
        const output = stepOutputOf(collector, current.stream.requestId);
        last = finishStep(call, output, step);
        usage = usage === undefined ? last.usage : addUsage(usage, last.usage);
        added.push(last.message);
        const held = collector.finish;
        const unseen = unseenText(collector, last);
        if (!wantsAnotherStep(call, last.toolCalls, step)) {
          // The call's last chunk: the held finish chunk, with prompted tool calls and the usage of all steps.
          // The completion is settled first: a caller may stop reading at this very chunk.
          completed = true;
          const finished = last;
          const total = usage;
          const steps = step;
          const genTimeMs = elapsedMs(call);
          settleCompletion(() => responseOfSteps(call, finished, total, added, steps, genTimeMs));
          const finalChunk: GenerateChunk = {
            ...(held ?? { content: '' }),
            finishReason: last.finishReason,
            usage,
          };
          if (unseen !== '') finalChunk.content = `${finalChunk.content}${unseen}`;
          if (last.rawFinishReason !== undefined) finalChunk.rawFinishReason = last.rawFinishReason;
          // Calls parsed from text (prompted tools, a server without a tool parser) go out here; native ones
          // already came in their chunk.
          if (last.toolCalls !== output.toolCalls) finalChunk.toolCalls = last.toolCalls;
          running = false;
          yield finalChunk;
          return;
        }
        // The step's calls, without its finish: the stream goes on with the next step.
        // Calls parsed from text go out here too; native ones already came in their chunk.
        const parsedCalls = last.toolCalls !== output.toolCalls ? last.toolCalls : undefined;
        const content = `${held?.content ?? ''}${unseen}`;
        const toolCalls = parsedCalls ?? held?.toolCalls;
        if (content !== '' || toolCalls !== undefined) {
          running = false;
          yield { content, ...(toolCalls === undefined ? {} : { toolCalls }) };
          running = true;
        }
        watchdog?.pause();
        const results = await executeToolCalls(call, last.toolCalls);
        added.push(...results);
        conversation = [...conversation, last.message, ...results];
        current = await options.startStep(conversation);
        watchdog?.resume();
      }
    } catch (error) {
      fail(error);
      throw error;
    } finally {
      running = false;
      if (!over) {
        // Done, or left early (break, a throw in the caller's loop): the stream is over either way.
        end();
        if (!completed) failCompletion(new Error('The stream was left before it ended'));
        emitEnd(call, {
          stream: true,
          usage,
          finishReason: completed ? last?.finishReason : undefined,
          completed,
          providerRequestId: current.stream.requestId,
        });
      }
    }
  }

  // The caller's iterator. Most chunks are plain text from a batch already in hand: those are handed out
  // here without resuming the generator (an async generator step costs several times a resolved promise,
  // and this is per chunk); everything else (reads, a step's end, tools, errors) is the generator's.
  function iterate(): AsyncIterator<GenerateChunk, void, undefined> {
    const generator = relay();
    return {
      next() {
        if (atChunk && expired === undefined && signal?.aborted !== true) {
          while (index < batch.length) {
            const passed = takeChunk(collector, batch[index++] as GenerateChunk);
            if (passed !== undefined) {
              watchdog?.progress();
              return Promise.resolve({ value: passed, done: false });
            }
            if (collector.stopped) break;
          }
        }
        return generator.next();
      },
      return: () => generator.return(undefined),
      throw: (error?: unknown) => generator.throw(error),
    };
  }

  return new RelayedStream(first.stream.requestId, completionPromise, () => {
    if (iterated)
      throw new TypeError('A stream can be iterated once; collect its chunks if you need them twice.');
    iterated = true;
    return iterate();
  });
}

/**
 * The stream the caller gets. A class only so that `completion` is a getter on a shared prototype: an
 * object literal with an accessor is built on V8's slow path (about 0.7 µs, measured), and one is made per
 * stream.
 */
class RelayedStream implements GenerateStream {
  readonly requestId: string | undefined;
  readonly #completion: () => Promise<GenerateResponse>;
  readonly #iterate: () => AsyncIterator<GenerateChunk, void, undefined>;

  constructor(
    requestId: string | undefined,
    completion: () => Promise<GenerateResponse>,
    iterate: () => AsyncIterator<GenerateChunk, void, undefined>,
  ) {
    this.requestId = requestId;
    this.#completion = completion;
    this.#iterate = iterate;
  }

  /** The whole response once the stream was read to its end; made when first read. */
  get completion(): Promise<GenerateResponse> {
    return this.#completion();
  }

  [Symbol.asyncIterator](): AsyncIterator<GenerateChunk, void, undefined> {
    return this.#iterate();
  }
}
