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
 * One step's chunks, collected for its output; text is cut at stop sequences the server did not honour.
 * Plain state with functions beside it (no closures, no getters): one is made per step of every stream.
 */
interface StepCollector {
  // What the step said, collected once per chunk and joined once at its end.
  readonly contentParts: string[];
  readonly reasoningParts: string[];
  readonly toolCalls: ToolCall[];
  readonly reasoningBlocks: ReasoningBlock[];
  readonly cutter: StopSequenceCutter | undefined;
  /** A stop sequence was reached: the rest of the step is dropped. */
  stopped: boolean;
  /** The chunk that carried the finish reason, held back until the tool loop decides. */
  finish: GenerateChunk | undefined;
  model: string | undefined;
}

function collectStep(stop: readonly string[] | undefined): StepCollector {
  return {
    contentParts: [],
    reasoningParts: [],
    toolCalls: [],
    reasoningBlocks: [],
    cutter: stop === undefined ? undefined : createStopSequenceCutter(stop),
    stopped: false,
    finish: undefined,
    model: undefined,
  };
}

/** Collects `original`; returns the chunk to hand to the caller (its text cut), or undefined to hold it back. */
function takeChunk(collector: StepCollector, original: GenerateChunk): GenerateChunk | undefined {
  let chunk = original;
  const { cutter } = collector;
  if (cutter !== undefined) {
    const cut = cutter.push(chunk.content);
    if (cut.stopped) {
      // The server ignored `stop`: end here, as a server that honours it would have.
      collector.stopped = true;
      chunk = { ...chunk, content: cut.text, finishReason: chunk.finishReason ?? 'stop' };
    } else if (chunk.finishReason !== undefined) {
      chunk = { ...chunk, content: cut.text + cutter.flush() };
    } else if (cut.text !== chunk.content) {
      chunk = { ...chunk, content: cut.text };
    }
  }
  if (chunk.content !== '') collector.contentParts.push(chunk.content);
  if (chunk.reasoning !== undefined) collector.reasoningParts.push(chunk.reasoning);
  if (chunk.toolCalls !== undefined) collector.toolCalls.push(...chunk.toolCalls);
  if (chunk.reasoningBlocks !== undefined) collector.reasoningBlocks.push(...chunk.reasoningBlocks);
  if (chunk.model !== undefined) collector.model = chunk.model;
  if (chunk.finishReason !== undefined || collector.stopped) {
    collector.finish = chunk;
    return undefined;
  }
  // Text held back by the cutter, with nothing else in the chunk, is not a chunk yet.
  if (
    chunk.content === '' &&
    original.content !== '' &&
    chunk.reasoning === undefined &&
    chunk.reasoningBlocks === undefined &&
    chunk.toolCalls === undefined
  ) {
    return undefined;
  }
  return chunk;
}

function stepOutputOf(collector: StepCollector, requestId: string | undefined): StepOutput {
  const { finish, stopped } = collector;
  const reasoning = collector.reasoningParts.join('');
  return {
    content: collector.contentParts.join(''),
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
  let collector = collectStep(call.request.stop);
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
        collector = collectStep(call.request.stop);
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
          if (last.rawFinishReason !== undefined) finalChunk.rawFinishReason = last.rawFinishReason;
          // Calls parsed from a prompted-tools answer go out here; native ones already came in their chunk.
          if (last.toolCalls !== output.toolCalls) finalChunk.toolCalls = last.toolCalls;
          running = false;
          yield finalChunk;
          return;
        }
        // The step's calls, without its finish: the stream goes on with the next step.
        if (held !== undefined && (held.content !== '' || held.toolCalls !== undefined)) {
          running = false;
          yield {
            content: held.content,
            ...(held.toolCalls === undefined ? {} : { toolCalls: held.toolCalls }),
          };
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
        if (atChunk && expired === undefined) {
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
