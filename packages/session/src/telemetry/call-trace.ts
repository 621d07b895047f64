import type { FinishReason, ProviderRequest, ToolCall, Usage } from '@core/types';
import type { Attributes, Context, Span, Tracer, TracerProvider } from '@opentelemetry/api';
import { inputMessagesJson, outputMessagesJson } from './gen-ai-content.js';
import { type GenAiInstruments, genAiInstruments, recordTokens } from './gen-ai-metrics.js';
import { hasMeterProvider, hasPropagator, type Otel } from './load-otel-api.js';

/** What a call's span starts from. */
export interface TraceStart {
  operation: 'chat' | 'embeddings';
  provider: string;
  model: string;
  /** The provider's base URL; undefined for a model in this process (an INTERNAL span, no propagation). */
  baseUrl: string | undefined;
  stream: boolean;
  /** A chat call's request, for its parameters (and its messages, with `captureContent`). */
  request: ProviderRequest | undefined;
  captureContent: boolean;
}

/** The answer of a finished call, as its span records it. */
export interface TracedAnswer {
  model?: string | undefined;
  responseId?: string | undefined;
  content: string;
  toolCalls: readonly ToolCall[];
}

const tracerName = '@core/session';

// One tracer per registered provider: `getTracer` builds a key and looks it up on every call otherwise. A
// provider replaced (after `trace.disable()`) is a new proxy object, so it gets its own.
const tracers = new WeakMap<TracerProvider, Tracer>();

function tracerOf(otel: Otel): Tracer {
  const provider = otel.trace.getTracerProvider();
  let tracer = tracers.get(provider);
  if (tracer === undefined) {
    tracer = provider.getTracer(tracerName);
    tracers.set(provider, tracer);
  }
  return tracer;
}

// `server.address` / `server.port` per base URL, parsed once.
const servers = new Map<string, Attributes>();

function serverAttributes(baseUrl: string): Attributes {
  let attributes = servers.get(baseUrl);
  if (attributes === undefined) {
    try {
      const url = new URL(baseUrl);
      const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
      attributes = { 'server.address': url.hostname, 'server.port': port };
    } catch {
      attributes = {};
    }
    servers.set(baseUrl, attributes);
  }
  return attributes;
}

/**
 * `error.type`: our error classes' names (`RateLimitError`, `TimeoutError`, `ProviderConnectionError`, …),
 * the name of any other Error, `_OTHER` for a thrown non-Error. Low cardinality, as the conventions ask.
 */
function errorType(error: unknown): string {
  return error instanceof Error && error.name !== '' ? error.name : '_OTHER';
}

function requestAttributes(request: ProviderRequest, stream: boolean, into: Attributes): void {
  into['gen_ai.request.stream'] = stream;
  if (request.maxTokens !== undefined) into['gen_ai.request.max_tokens'] = request.maxTokens;
  if (request.temperature !== undefined) into['gen_ai.request.temperature'] = request.temperature;
  if (request.topP !== undefined) into['gen_ai.request.top_p'] = request.topP;
  if (request.topK !== undefined) into['gen_ai.request.top_k'] = request.topK;
  if (request.stop !== undefined) into['gen_ai.request.stop_sequences'] = [...request.stop];
  if (request.seed !== undefined) into['gen_ai.request.seed'] = request.seed;
  if (request.responseFormat !== undefined) into['gen_ai.output.type'] = 'json';
}

/**
 * One call as OpenTelemetry sees it: a span `{operation} {model}` (CLIENT, or INTERNAL for a model in this
 * process) with the GenAI conventions' attributes, an event per retry, a child span per tool run, and the
 * client metrics (duration, tokens, time to first chunk). Made only when an SDK is registered.
 */
export class CallTrace {
  readonly #otel: Otel;
  readonly #tracer: Tracer;
  readonly #span: Span;
  /** The caller's context, and with this span in it (made when first needed: tool spans, propagation). */
  readonly #parent: Context;
  #context: Context | undefined;
  readonly #metricAttributes: Attributes;
  /** Undefined when no meter provider is registered: then no metric attribute is even built. */
  readonly #instruments: GenAiInstruments | undefined;
  readonly #captureContent: boolean;
  readonly #startedAt = performance.now();
  #over = false;
  /** The headers that carry this span's context to the provider (`traceparent` with W3C propagation). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(otel: Otel, start: TraceStart) {
    this.#otel = otel;
    this.#captureContent = start.captureContent;
    const metricAttributes: Attributes = {
      'gen_ai.operation.name': start.operation,
      'gen_ai.provider.name': start.provider,
      'gen_ai.request.model': start.model,
      ...(start.baseUrl === undefined ? {} : serverAttributes(start.baseUrl)),
    };
    this.#metricAttributes = metricAttributes;
    const attributes: Attributes = { ...metricAttributes };
    if (start.request !== undefined) {
      requestAttributes(start.request, start.stream, attributes);
      if (start.captureContent)
        attributes['gen_ai.input.messages'] = inputMessagesJson(start.request.messages);
    }
    this.#tracer = tracerOf(otel);
    const parent = otel.context.active();
    this.#span = this.#tracer.startSpan(
      `${start.operation} ${start.model}`,
      {
        kind: start.baseUrl === undefined ? otel.SpanKind.INTERNAL : otel.SpanKind.CLIENT,
        attributes,
      },
      parent,
    );
    this.#parent = parent;
    this.#instruments = hasMeterProvider() ? genAiInstruments(otel) : undefined;
    let headers: Record<string, string> | undefined;
    if (start.baseUrl !== undefined && hasPropagator()) {
      const carrier: Record<string, string> = {};
      otel.propagation.inject(this.#spanContext(), carrier);
      if (Object.keys(carrier).length > 0) headers = carrier;
    }
    this.headers = headers;
  }

  #spanContext(): Context {
    this.#context ??= this.#otel.trace.setSpan(this.#parent, this.#span);
    return this.#context;
  }

  /** A retry is about to wait: an event on the span with the failure's class and the wait. */
  retry(attempt: number, delayMs: number, error: unknown): void {
    this.#span.addEvent('retry', {
      'retry.attempt': attempt,
      'retry.delay_ms': delayMs,
      'error.type': errorType(error),
      ...(error instanceof Error ? { 'exception.message': error.message } : {}),
    });
  }

  /** A stream's first chunk reached the caller, `ms` after the call started. */
  firstChunk(ms: number): void {
    const seconds = ms / 1000;
    this.#span.setAttribute('gen_ai.response.time_to_first_chunk', seconds);
    this.#instruments?.timeToFirstChunk.record(seconds, this.#metricAttributes);
  }

  /** The call is over without failing (a stream may have been left early: no finish reason then). */
  end(
    usage: Usage | undefined,
    finishReason: FinishReason | undefined,
    answer: TracedAnswer | undefined,
  ): void {
    if (this.#over) return;
    this.#over = true;
    const span = this.#span;
    if (answer !== undefined) {
      if (answer.model !== undefined) span.setAttribute('gen_ai.response.model', answer.model);
      if (answer.responseId !== undefined) span.setAttribute('gen_ai.response.id', answer.responseId);
      if (this.#captureContent) {
        span.setAttribute(
          'gen_ai.output.messages',
          outputMessagesJson(answer.content, answer.toolCalls, finishReason),
        );
      }
    }
    if (finishReason !== undefined) span.setAttribute('gen_ai.response.finish_reasons', [finishReason]);
    if (usage !== undefined) {
      if (usage.inputTokens !== undefined) span.setAttribute('gen_ai.usage.input_tokens', usage.inputTokens);
      if (usage.outputTokens !== undefined)
        span.setAttribute('gen_ai.usage.output_tokens', usage.outputTokens);
      if (usage.cachedInputTokens !== undefined)
        span.setAttribute('gen_ai.usage.cache_read.input_tokens', usage.cachedInputTokens);
      if (usage.reasoningTokens !== undefined)
        span.setAttribute('gen_ai.usage.reasoning.output_tokens', usage.reasoningTokens);
    }
    const instruments = this.#instruments;
    if (instruments !== undefined) {
      const attributes =
        answer?.model === undefined
          ? this.#metricAttributes
          : { ...this.#metricAttributes, 'gen_ai.response.model': answer.model };
      if (usage !== undefined) recordTokens(instruments, attributes, usage.inputTokens, usage.outputTokens);
      instruments.duration.record(this.#seconds(), attributes);
    }
    span.end();
  }

  /** The call failed: `error.type`, an ERROR status with the error's message, and the exception event. */
  fail(error: unknown): void {
    if (this.#over) return;
    this.#over = true;
    const type = errorType(error);
    failSpan(this.#otel, this.#span, error, type);
    this.#instruments?.duration.record(this.#seconds(), { ...this.#metricAttributes, 'error.type': type });
    this.#span.end();
  }

  /** A child span `execute_tool {name}` for one tool run; `run` executes the tool inside its context. */
  startTool(call: ToolCall, description: string | undefined): ToolTrace {
    const attributes: Attributes = {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': call.name,
      'gen_ai.tool.call.id': call.id,
      'gen_ai.tool.type': 'function',
    };
    if (description !== undefined) attributes['gen_ai.tool.description'] = description;
    if (this.#captureContent) attributes['gen_ai.tool.call.arguments'] = JSON.stringify(call.arguments);
    const parent = this.#spanContext();
    const span = this.#tracer.startSpan(
      `execute_tool ${call.name}`,
      { kind: this.#otel.SpanKind.INTERNAL, attributes },
      parent,
    );
    return new ToolTrace(this.#otel, span, this.#otel.trace.setSpan(parent, span), this.#captureContent);
  }

  #seconds(): number {
    return (performance.now() - this.#startedAt) / 1000;
  }
}

function failSpan(otel: Otel, span: Span, error: unknown, type: string): void {
  span.setAttribute('error.type', type);
  const message = error instanceof Error ? error.message : String(error);
  span.setStatus({ code: otel.SpanStatusCode.ERROR, message });
  if (error instanceof Error) span.recordException(error);
}

/** One tool run's span. */
export class ToolTrace {
  readonly #otel: Otel;
  readonly #span: Span;
  readonly #context: Context;
  readonly #captureContent: boolean;

  constructor(otel: Otel, span: Span, context: Context, captureContent: boolean) {
    this.#otel = otel;
    this.#span = span;
    this.#context = context;
    this.#captureContent = captureContent;
  }

  /** Runs the tool with this span active, so spans the tool makes are its children. */
  run<T>(execute: () => T): T {
    return this.#otel.context.with(this.#context, execute);
  }

  end(result: string): void {
    if (this.#captureContent) this.#span.setAttribute('gen_ai.tool.call.result', result);
    this.#span.end();
  }

  fail(error: unknown): void {
    failSpan(this.#otel, this.#span, error, errorType(error));
    this.#span.end();
  }
}
