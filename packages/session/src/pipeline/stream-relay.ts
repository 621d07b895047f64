import {
  type AssistantMessage,
  type GenerateChunk,
  type GenerateResponse,
  type GenerateStream,
  type Message,
  type ProviderStream,
  TimeoutError,
  type ToolMessage,
  type Usage,
} from '@core/types';
import { addUsage } from '../add-usage.js';
import type { Release } from '../concurrency-limiter.js';
import { elapsedMs, emitEnd, emitError } from './call-events.js';
import { executeToolCalls } from './execute-tool-calls.js';
import { type FinishedStep, finishStep, responseOfSteps } from './finish-step.js';
import { type Call, wantsAnotherStep } from './resolve-call.js';
import {
  collectStep,
  type StepCollector,
  settleBatch,
  stepOutputOf,
  takeChunk,
  unseenText,
} from './step-collector.js';
import { StreamWatchdog } from './stream-watchdog.js';

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

const done: IteratorResult<GenerateChunk, void> = Object.freeze({ value: undefined, done: true });

/**
 * Where the relay is: before the first read; handing out a step's chunks; paused after the chunk that ends a
 * tool step (its tools run on the next read); paused after the call's last chunk; over.
 */
type Phase = 'start' | 'chunks' | 'between-steps' | 'last-chunk' | 'over';

/** What `completion` resolves to, kept as parts until someone asks (most stream callers never do). */
interface Ending {
  last: FinishedStep;
  usage: Usage;
  steps: number;
  genTimeMs: number;
}

/**
 * The stream path after its first batch: the caller's one async iterator, written as a state machine rather
 * than an async generator. Most chunks are plain text from a batch already in hand, and `next()` hands those
 * out at the cost of a resolved promise; everything else (reads, a step's end, tools, errors) goes through
 * `advance()`, one async call per batch. The chunk with the finish reason is held until the step is finished
 * (`finishStep`) and the tool loop decides: with tools to run, they run and the next step's chunks follow;
 * otherwise that chunk goes out last, with the finish reason and the usage of all steps. A watchdog closes a
 * stream nobody reads or nothing arrives on for `idleTimeout` (its slot and socket freed, the next read
 * throws the `TimeoutError`).
 *
 * A class with its state in fields, not closures over locals: it lives as long as the stream, so everything
 * it holds is what the GC copies and promotes while the stream is open (measured: a generator and a dozen
 * closures per stream doubled the scavenger's work at 32 streams in flight).
 */
class StreamRelay implements GenerateStream, AsyncIterator<GenerateChunk, void, undefined> {
  readonly requestId: string | undefined;
  readonly #call: Call;
  readonly #startStep: StreamRelayOptions['startStep'];
  #release: Release | undefined;
  readonly #watchdog: StreamWatchdog | undefined;
  #current: StartedStep;
  #phase: Phase = 'start';
  #iterated = false;
  /** `advance()` is between its first `await` and its end (a read, tools, the next step). */
  #running = false;
  /** What a `next()` or `return()` called meanwhile waits for. */
  #busy: Promise<IteratorResult<GenerateChunk, void>> | undefined;
  /** The resources are freed and the end (or error) reported. */
  #closed = false;
  #expired: TimeoutError | undefined;
  // The step in progress: its batch, the next chunk in it, and what it said so far.
  #batch: readonly GenerateChunk[];
  #index = 0;
  #collector: StepCollector;
  #step = 1;
  #conversation: readonly Message[];
  readonly #added: Array<AssistantMessage | ToolMessage> = [];
  #usage: Usage | undefined;
  #last: FinishedStep | undefined;
  // How the stream ended, for `completion`.
  #ending: Ending | undefined;
  #failure: { error: unknown } | undefined;
  #completion: Promise<GenerateResponse> | undefined;
  #settle: { resolve(response: GenerateResponse): void; reject(error: unknown): void } | undefined;

  constructor(options: StreamRelayOptions) {
    const { call, first } = options;
    this.requestId = first.stream.requestId;
    this.#call = call;
    this.#startStep = options.startStep;
    this.#release = options.release;
    this.#current = first;
    this.#batch = first.batch;
    this.#collector = collectStep(call);
    this.#conversation = call.request.messages;
    const idleTimeoutMs = call.request.idleTimeoutMs;
    this.#watchdog =
      idleTimeoutMs === undefined
        ? undefined
        : new StreamWatchdog(idleTimeoutMs, () => this.#expire(idleTimeoutMs));
  }

  /** The whole response once the stream was read to its end; made when first read. */
  get completion(): Promise<GenerateResponse> {
    if (this.#completion === undefined) {
      this.#completion = new Promise<GenerateResponse>((resolve, reject) => {
        this.#settle = { resolve, reject };
      });
      // Nobody has to await it; its rejection must not surface as unhandled.
      this.#completion.catch(() => {});
      this.#deliver();
    }
    return this.#completion;
  }

  [Symbol.asyncIterator](): AsyncIterator<GenerateChunk, void, undefined> {
    if (this.#iterated)
      throw new TypeError('A stream can be iterated once; collect its chunks if you need them twice.');
    this.#iterated = true;
    return this;
  }

  next(): Promise<IteratorResult<GenerateChunk, void>> {
    if (this.#busy !== undefined) {
      const after = () => this.next();
      return this.#busy.then(after, after);
    }
    // The fast path: the next chunk of the batch in hand, unless the stream expired or the caller aborted
    // (chunks already in hand are not handed out after that).
    if (this.#phase === 'chunks' && this.#expired === undefined && this.#call.signal?.aborted !== true) {
      const batch = this.#batch;
      const collector = this.#collector;
      while (!collector.stopped && this.#index < batch.length) {
        const passed = takeChunk(collector, batch[this.#index++] as GenerateChunk);
        if (passed !== undefined) {
          this.#watchdog?.progress();
          return Promise.resolve({ value: passed, done: false });
        }
      }
    }
    const advancing = this.#advance();
    // Still running (it awaits something): calls meanwhile queue behind it, as an async generator's would.
    if (this.#running) this.#busy = advancing;
    return advancing;
  }

  /** The caller left (a `break`, a throw in its loop): the stream is over, reported as not completed. */
  return(): Promise<IteratorResult<GenerateChunk, void>> {
    if (this.#busy !== undefined) {
      const after = () => this.return();
      return this.#busy.then(after, after);
    }
    this.#phase = 'over';
    this.#close();
    return Promise.resolve(done);
  }

  throw(error?: unknown): Promise<IteratorResult<GenerateChunk, void>> {
    this.#phase = 'over';
    this.#fail(error);
    return Promise.reject(error);
  }

  /** Everything but a chunk in hand: reads, a step's end, the tool loop, the end of the stream. */
  async #advance(): Promise<IteratorResult<GenerateChunk, void>> {
    this.#running = true;
    try {
      switch (this.#phase) {
        case 'over':
          return done;
        case 'last-chunk':
          this.#phase = 'over';
          this.#close();
          return done;
        case 'start':
          if (this.#expired !== undefined) throw this.#expired;
          this.#phase = 'chunks';
          break;
        case 'between-steps':
        case 'chunks':
          this.#watchdog?.progress();
          if (this.#expired !== undefined) throw this.#expired;
          // Chunks already in hand are not handed out, nor tools run, after the caller aborted.
          if (this.#call.signal?.aborted === true) throw this.#call.signal.reason;
          if (this.#phase === 'between-steps') await this.#runTools();
          break;
      }
      for (;;) {
        const collector = this.#collector;
        while (!collector.stopped && this.#index < this.#batch.length) {
          const passed = takeChunk(collector, this.#batch[this.#index++] as GenerateChunk);
          if (passed !== undefined) return { value: passed, done: false };
        }
        if (collector.stopped) {
          // The rest of the answer is not wanted: stop the server sending it.
          this.#current.stream.close();
        } else {
          // The batch is spent: its text is joined, and the chunks are not kept alive through the wait.
          settleBatch(collector);
          this.#batch = [];
          this.#index = 0;
          const next = await this.#current.stream.read();
          this.#watchdog?.progress();
          if (next !== undefined) {
            this.#batch = next;
            continue;
          }
        }
        const chunk = this.#endStep();
        if (chunk !== undefined) return { value: chunk, done: false };
        await this.#runTools();
      }
    } catch (error) {
      this.#phase = 'over';
      this.#fail(error);
      throw error;
    } finally {
      this.#running = false;
      this.#busy = undefined;
    }
  }

  /**
   * The step's stream has ended: finish it, then either the call's last chunk (the held finish chunk, with
   * calls parsed from text and the usage of all steps) or, for a tool step, the chunk of what it said
   * (undefined when there is nothing to say, and the tools run at once).
   */
  #endStep(): GenerateChunk | undefined {
    const call = this.#call;
    const collector = this.#collector;
    const output = stepOutputOf(collector, this.#current.stream.requestId);
    const step = this.#step;
    const last = finishStep(call, output, step);
    this.#last = last;
    const usage = this.#usage === undefined ? last.usage : addUsage(this.#usage, last.usage);
    this.#usage = usage;
    this.#added.push(last.message);
    const held = collector.finish;
    const unseen = unseenText(collector, last);
    // Calls parsed from text (prompted tools, a server without a tool parser) go out here; native ones
    // already came in their chunk.
    const parsedCalls = last.toolCalls !== output.toolCalls ? last.toolCalls : undefined;
    if (!wantsAnotherStep(call, last.toolCalls, step)) {
      // The completion is settled first: a caller may stop reading at this very chunk.
      this.#ending = { last, usage, steps: step, genTimeMs: elapsedMs(call) };
      this.#deliver();
      this.#phase = 'last-chunk';
      const finalChunk: GenerateChunk = {
        ...(held ?? { content: '' }),
        finishReason: last.finishReason,
        usage,
      };
      if (unseen !== '') finalChunk.content = `${finalChunk.content}${unseen}`;
      if (last.rawFinishReason !== undefined) finalChunk.rawFinishReason = last.rawFinishReason;
      if (parsedCalls !== undefined) finalChunk.toolCalls = parsedCalls;
      return finalChunk;
    }
    // The step's calls, without its finish: the stream goes on with the next step.
    this.#phase = 'between-steps';
    const content = `${held?.content ?? ''}${unseen}`;
    const toolCalls = parsedCalls ?? held?.toolCalls;
    if (content === '' && toolCalls === undefined) return undefined;
    return { content, ...(toolCalls === undefined ? {} : { toolCalls }) };
  }

  /** The tool step's calls run, and the next step starts (rate limiter → retry loop → its first batch). */
  async #runTools(): Promise<void> {
    const call = this.#call;
    const last = this.#last as FinishedStep;
    this.#watchdog?.pause();
    const results = await executeToolCalls(call, last.toolCalls);
    this.#added.push(...results);
    this.#conversation = [...this.#conversation, last.message, ...results];
    this.#current = await this.#startStep(this.#conversation);
    this.#watchdog?.resume();
    this.#step += 1;
    this.#collector = collectStep(call);
    this.#batch = this.#current.batch;
    this.#index = 0;
    this.#phase = 'chunks';
  }

  /** Settles `completion` once its outcome is known and someone asked for it. */
  #deliver(): void {
    const settle = this.#settle;
    if (settle === undefined) return;
    if (this.#failure !== undefined) {
      this.#settle = undefined;
      settle.reject(this.#failure.error);
    } else if (this.#ending !== undefined) {
      this.#settle = undefined;
      const { last, usage, steps, genTimeMs } = this.#ending;
      settle.resolve(responseOfSteps(this.#call, last, usage, this.#added, steps, genTimeMs));
    }
  }

  // Frees what the stream holds, once: the watchdog, the provider's stream, the slot.
  #free(reason?: unknown): void {
    this.#closed = true;
    this.#watchdog?.stop();
    this.#current.stream.close(reason);
    this.#release?.();
    this.#release = undefined;
    this.#batch = [];
  }

  /** Done, or left early: the stream is over either way, and `generation:end` says which. */
  #close(): void {
    if (this.#closed) return;
    this.#free();
    const completed = this.#ending !== undefined;
    if (!completed && this.#failure === undefined) {
      this.#failure = { error: new Error('The stream was left before it ended') };
      this.#deliver();
    }
    const last = this.#last;
    emitEnd(
      this.#call,
      {
        stream: true,
        usage: this.#usage,
        finishReason: completed ? last?.finishReason : undefined,
        completed,
        providerRequestId: this.#current.stream.requestId,
      },
      completed ? last : undefined,
    );
  }

  #fail(error: unknown): void {
    if (this.#closed) return;
    this.#free(error);
    if (this.#ending === undefined) {
      this.#failure = { error };
      this.#deliver();
    }
    emitError(this.#call, true, error);
  }

  #expire(timeoutMs: number): void {
    const call = this.#call;
    this.#expired = new TimeoutError({
      message: `Nothing was read from the ${call.provider} stream for ${timeoutMs} ms (idleTimeout): it was closed`,
      provider: call.provider,
      model: call.model,
      timeoutMs,
      phase: 'idle',
    });
    // A read in progress rejects with it and the relay fails there; a caller that stopped at the last chunk
    // has the whole answer, so the stream just ends; otherwise nobody is reading, so the stream is freed now
    // and the next read throws.
    if (this.#running) this.#current.stream.close(this.#expired);
    else if (this.#phase === 'last-chunk') this.#close();
    else this.#fail(this.#expired);
  }
}

/** The stream `agenerate({ stream: true })` resolves to, from the first step's stream and first batch. */
export function createStreamRelay(options: StreamRelayOptions): GenerateStream {
  return new StreamRelay(options);
}
