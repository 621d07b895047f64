import {
  type AssistantMessage,
  type EmbedOptions,
  type GenerateOptions,
  type GenerateResponse,
  type GenerateStream,
  InvalidRequestError,
  type Message,
  type ModelInfo,
  type Prompt,
  type ProviderAdapter,
  type ProviderRequest,
  type RateLimiterLike,
  type ToolMessage,
  type Usage,
} from '@core/types';
import { addUsage } from '../add-usage.js';
import type { ConcurrencyLimiter, Release } from '../concurrency-limiter.js';
import { conversationText, estimateTokens } from '../estimate-tokens.js';
import type { EventBus } from '../events.js';
import type { LlmSettings } from '../normalize-llm-options.js';
import { CallTrace } from '../telemetry/call-trace.js';
import { type Otel, otelApi } from '../telemetry/load-otel-api.js';
import {
  addWarnings,
  type CallIdentity,
  emitEnd,
  emitError,
  emitFirstChunk,
  emitRetry,
  emitStart,
} from './call-events.js';
import { executeToolCalls } from './execute-tool-calls.js';
import { finishStep, outputOfResult, responseOfSteps } from './finish-step.js';
import { attemptRequest, type Call, resolveCall, stepRequest, wantsAnotherStep } from './resolve-call.js';
import { deadlineAfter, withRetries } from './retry-loop.js';
import { runStructured } from './run-structured.js';
import { createStreamRelay, type StartedStep } from './stream-relay.js';

/** What one LLM gives every call: its settings, its adapter, its limits and the event bus. */
export interface LlmRuntime {
  readonly settings: LlmSettings;
  readonly bus: EventBus;
  /** The `maxConcurrency` gate, when set. */
  readonly gate: ConcurrencyLimiter | undefined;
  /** The rate limiter, when set: each attempt waits for it, so retries and tool steps count too. */
  readonly limiter: RateLimiterLike | undefined;
  /** The adapter, loaded on the first call. */
  adapter(): ProviderAdapter | Promise<ProviderAdapter>;
}

/**
 * The one pipeline of `agenerate`, in DESIGN's order:
 *   1. resolve      options merged over the LLM's settings and checked, once (`resolveCall`)
 *   2. gate         a `maxConcurrency` slot, held until the answer (or the stream) is over
 *   3. attempt      per model call: rate limiter → retry loop → adapter (`attemptGenerate`, `attemptStream`)
 *   4. finish step  stop sequences, prompted tool calls, the finish reason, the assistant message (`finishStep`)
 *   5. tool loop    the step's tools run and the conversation goes on, up to `maxSteps`
 *   6. structured   the answer validated against `responseModel`, re-asked on failure (`runStructured`)
 *   7. events       start here; end or error once per call (`call-events.ts`)
 * A stream resolves at its first chunk (HTTP errors and retries happen before); from there the stream relay
 * runs steps 4, 5 and 7 as the caller reads.
 */
export async function runCall(
  runtime: LlmRuntime,
  prompt: Prompt,
  options?: GenerateOptions,
): Promise<unknown> {
  // Only the first calls wait for the provider package to load (an `await` of a loaded adapter costs a tick).
  const loaded = runtime.adapter();
  const adapter = loaded instanceof Promise ? await loaded : loaded;
  // Awaited only while the OpenTelemetry API loads (the first traced call): an `await` costs every call a tick.
  let otel = tracing(runtime);
  if (otel instanceof Promise) otel = await otel;
  const resolved = resolveCall(prompt, options, runtime.settings, adapter, runtime.bus);
  if (resolved.signal?.aborted) throw resolved.signal.reason;
  const call = otel === undefined ? resolved : traced(resolved, otel, adapter, runtime.settings);
  emitStart(call, call.stream);
  let release: Release | undefined;
  try {
    if (runtime.gate !== undefined) release = await runtime.gate.acquire(call.signal);
    if (call.stream) {
      const first = await attemptStream(runtime, adapter, call, call.request.messages);
      call.firstChunkMs = emitFirstChunk(call);
      const stream: GenerateStream = createStreamRelay({
        call,
        first,
        startStep: (conversation) => attemptStream(runtime, adapter, call, conversation),
        release,
      });
      release = undefined; // the stream releases its slot when it ends
      return stream;
    }
    let response: GenerateResponse;
    let result: unknown;
    if (call.responseModel !== undefined) {
      const structured = await runStructured(call, (asked, deadlineAt) =>
        runSteps(runtime, adapter, asked, deadlineAt),
      );
      response = structured.response;
      result = structured.value;
    } else {
      response = await runSteps(runtime, adapter, call, deadlineAfter(call.request.timeoutMs));
      result = response;
    }
    emitEnd(
      call,
      {
        stream: false,
        usage: response.usage,
        finishReason: response.finishReason,
        completed: true,
        providerRequestId: response.requestId,
      },
      response,
    );
    return result;
  } catch (error) {
    emitError(call, call.stream, error);
    throw error;
  } finally {
    release?.();
  }
}

/**
 * The OpenTelemetry API when this LLM traces and an SDK is registered; awaited only the first time, while
 * the API loads (without an SDK this is a property lookup, and nothing is loaded).
 */
function tracing(runtime: LlmRuntime): Otel | undefined | Promise<Otel | undefined> {
  return runtime.settings.telemetry.enabled ? otelApi() : undefined;
}

// The call with its span started, and the span's context in the request's headers (the caller's own
// headers win: a `traceparent` they set is theirs to set). The call is copied only to change its request.
function traced(call: Call, otel: Otel, adapter: ProviderAdapter, settings: LlmSettings): Call {
  const trace = new CallTrace(otel, {
    operation: 'chat',
    provider: call.provider,
    model: call.model,
    baseUrl: adapter.baseUrl,
    stream: call.stream,
    request: call.request,
    captureContent: settings.telemetry.captureContent,
  });
  if (trace.headers === undefined) {
    call.trace = trace;
    return call;
  }
  return {
    ...call,
    trace,
    request: { ...call.request, headers: { ...trace.headers, ...call.request.headers } },
  };
}

// Each attempt's estimated tokens (prompt plus the most it may generate) count against the rate limit.
function waitForRateLimit(
  runtime: LlmRuntime,
  call: Call,
  request: ProviderRequest,
): Promise<void> | undefined {
  if (runtime.limiter === undefined) return undefined;
  const tokens = estimateTokens(conversationText(request.messages)) + (request.maxTokens ?? 0);
  return runtime.limiter.acquire(call.signal === undefined ? { tokens } : { tokens, signal: call.signal });
}

/** Step 3 of a plain call: rate limiter → retry loop → `doGenerate`, each attempt within the time left. */
function attemptGenerate(
  runtime: LlmRuntime,
  adapter: ProviderAdapter,
  call: Call,
  request: ProviderRequest,
  deadlineAt: number | undefined,
) {
  const attempt = () => adapter.doGenerate(attemptRequest(request, deadlineAt));
  return withRetries(
    () => {
      const waiting = waitForRateLimit(runtime, call, request);
      return waiting === undefined ? attempt() : waiting.then(attempt);
    },
    call.retry,
    deadlineAt,
    (notice) => emitRetry(call, notice),
  );
}

/**
 * Steps 3–5 of a plain call. With `maxSteps > 1` and tools that can run, each step's tool calls are executed
 * and their results sent back until the model answers without calling tools or the steps run out; the
 * response is the last step's, with the usage of all steps and every message they added. `deadlineAt`
 * bounds the whole call, every step and retry included.
 */
async function runSteps(
  runtime: LlmRuntime,
  adapter: ProviderAdapter,
  call: Call,
  deadlineAt: number | undefined,
): Promise<GenerateResponse> {
  let conversation: readonly Message[] = call.request.messages;
  const added: Array<AssistantMessage | ToolMessage> = [];
  let usage: Usage | undefined;
  for (let step = 1; ; step++) {
    const request = stepRequest(call, conversation);
    const result = await attemptGenerate(runtime, adapter, call, request, deadlineAt);
    addWarnings(call, call.warnings, result.warnings);
    const finished = finishStep(call, outputOfResult(call, result), step);
    usage = usage === undefined ? finished.usage : addUsage(usage, finished.usage);
    added.push(finished.message);
    if (!wantsAnotherStep(call, finished.toolCalls, step))
      return responseOfSteps(call, finished, usage, added, step);
    const results = await executeToolCalls(call, finished.toolCalls);
    added.push(...results);
    conversation = [...conversation, finished.message, ...results];
  }
}

/**
 * Step 3 of a stream: rate limiter → retry loop → `doStream` and its first batch, all within the call's
 * `timeout`. Nothing of the step has reached the caller yet, so a failure anywhere here (an HTTP status, a
 * reset, no first chunk in time) can be retried; once this resolves, nothing about the step is.
 */
function attemptStream(
  runtime: LlmRuntime,
  adapter: ProviderAdapter,
  call: Call,
  conversation: readonly Message[],
): Promise<StartedStep> {
  const deadlineAt = deadlineAfter(call.request.timeoutMs);
  const request = stepRequest(call, conversation);
  return withRetries(
    async () => {
      const waiting = waitForRateLimit(runtime, call, request);
      if (waiting !== undefined) await waiting;
      const stream = await adapter.doStream(attemptRequest(request, deadlineAt));
      addWarnings(call, call.warnings, stream.warnings);
      return { stream, batch: await readFirstBatch(stream) };
    },
    call.retry,
    deadlineAt,
    (notice) => emitRetry(call, notice),
  );
}

// The first chunks: the adapter ends the wait with a first-chunk TimeoutError once the request's timeout
// (the time left before the deadline) is spent, which the retry loop sees like any other failure.
async function readFirstBatch(stream: StartedStep['stream']): Promise<StartedStep['batch']> {
  try {
    for (;;) {
      const batch = await stream.read();
      if (batch === undefined || batch.length > 0) return batch ?? [];
    }
  } catch (error) {
    stream.close(error);
    throw error;
  }
}

/** What `runOnce` needs: who the call is, and how it is limited. */
interface OneShot extends CallIdentity {
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  readonly retry: Call['retry'];
  /** Estimated tokens, for the rate limiter's token budget. */
  readonly tokens: number;
}

/**
 * The pipeline for a request that is one HTTP exchange and nothing more (`embed`, `listModels`): events,
 * the gate, then rate limiter → retry loop → `work`, within `timeout` as a call is.
 */
async function runOnce<T>(
  runtime: LlmRuntime,
  request: OneShot,
  work: (deadlineAt: number | undefined) => Promise<T>,
  usageOf: (result: T) => Usage | undefined,
): Promise<T> {
  if (request.signal?.aborted) throw request.signal.reason;
  emitStart(request, false);
  let release: Release | undefined;
  try {
    if (runtime.gate !== undefined) release = await runtime.gate.acquire(request.signal);
    const deadlineAt = deadlineAfter(request.timeoutMs);
    const result = await withRetries(
      async () => {
        if (runtime.limiter !== undefined) {
          const { tokens, signal } = request;
          await runtime.limiter.acquire(signal === undefined ? { tokens } : { tokens, signal });
        }
        return work(deadlineAt);
      },
      request.retry,
      deadlineAt,
      (notice) => emitRetry(request, notice),
    );
    emitEnd(request, {
      stream: false,
      usage: usageOf(result),
      finishReason: undefined,
      completed: true,
      providerRequestId: undefined,
    });
    return result;
  } catch (error) {
    emitError(request, false, error);
    throw error;
  } finally {
    release?.();
  }
}

function oneShot(
  runtime: LlmRuntime,
  adapter: ProviderAdapter,
  operation: 'embeddings' | 'models',
  model: string,
  signal: AbortSignal | undefined,
  tokens: number,
  trace: CallTrace | undefined,
): OneShot {
  const { settings } = runtime;
  return {
    bus: runtime.bus,
    operation,
    provider: adapter.provider,
    model,
    startedAt: performance.now(),
    requestId: undefined,
    trace,
    signal,
    timeoutMs: settings.timeoutMs,
    retry: {
      maxRetries: settings.maxRetries,
      initialDelayMs: settings.retryInitialDelayMs,
      maxDelayMs: settings.retryMaxDelayMs,
      signal,
    },
    tokens,
  };
}

/** `embed` through the pipeline: gate, rate limiter, retries, timeout and events, as a call. */
export async function runEmbed(
  runtime: LlmRuntime,
  input: string | readonly string[],
  options: EmbedOptions | undefined,
): Promise<number[][]> {
  const adapter = await runtime.adapter();
  const texts = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(texts) || texts.some((text) => typeof text !== 'string')) {
    throw new TypeError('embed: input must be a string or an array of strings');
  }
  if (options?.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError('signal must be an AbortSignal');
  }
  const embed = adapter.embed;
  if (embed === undefined) {
    throw new InvalidRequestError({
      provider: adapter.provider,
      message: `The ${adapter.provider} provider does not offer embeddings.`,
    });
  }
  const model =
    options?.model ?? adapter.defaultEmbeddingModel ?? runtime.settings.model ?? adapter.defaultModel;
  if (model === undefined) throw new TypeError('embed: no model; pass { model }');
  const tokens = estimateTokens(texts.join('\n'));
  let otel = tracing(runtime);
  if (otel instanceof Promise) otel = await otel;
  if (options?.signal?.aborted) throw options.signal.reason;
  const trace =
    otel === undefined
      ? undefined
      : new CallTrace(otel, {
          operation: 'embeddings',
          provider: adapter.provider,
          model,
          baseUrl: adapter.baseUrl,
          stream: false,
          request: undefined,
          captureContent: false,
        });
  const request = oneShot(runtime, adapter, 'embeddings', model, options?.signal, tokens, trace);
  const result = await runOnce(
    runtime,
    request,
    (deadlineAt) =>
      embed.call(adapter, {
        input: texts,
        model,
        timeoutMs: remainingMs(deadlineAt),
        ...(trace?.headers === undefined ? {} : { headers: trace.headers }),
        ...(options?.signal === undefined ? {} : { signal: options.signal }),
        ...(options?.providerOptions === undefined ? {} : { providerOptions: options.providerOptions }),
      }),
    (embedded) => ({
      inputTokens: embedded.usage?.inputTokens,
      outputTokens: undefined,
      totalTokens: undefined,
    }),
  );
  return result.embeddings;
}

/** `listModels` through the pipeline: gate, rate limiter, retries, timeout and events, as a call. */
export async function runListModels(
  runtime: LlmRuntime,
  options: { signal?: AbortSignal } | undefined,
): Promise<ModelInfo[]> {
  const adapter = await runtime.adapter();
  const signal = options?.signal;
  const request = oneShot(runtime, adapter, 'models', '', signal, 0, undefined);
  return runOnce(
    runtime,
    request,
    (deadlineAt) =>
      adapter.listModels({
        timeoutMs: remainingMs(deadlineAt),
        ...(signal === undefined ? {} : { signal }),
      }),
    () => undefined,
  );
}

// The time left before a deadline, a whole ms at least (see `attemptRequest`).
function remainingMs(deadlineAt: number | undefined): number | undefined {
  return deadlineAt === undefined ? undefined : Math.max(1, Math.ceil(deadlineAt - performance.now()));
}
