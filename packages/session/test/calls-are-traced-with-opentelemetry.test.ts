import { createLLM, tool } from '@core/session';
import { context, metrics, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { type HistogramMetricData, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { type MockLlm, mockResponseId, type RecordedRequest, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

// A real SDK, registered the way an application registers one, exporting to memory: no collector.
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const reader = new CollectingReader();
const meterProvider = new MeterProvider({ readers: [reader] });
const apiKey = 'sk-test-do-not-leak-1234567890';

let mock: MockLlm;
beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  mock = await startMockLlm({ models: ['test-model'] });
});
afterAll(async () => {
  await mock.close();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  metrics.disable();
  propagation.disable();
  context.disable();
});
beforeEach(() => {
  mock.reset();
  exporter.reset();
});

const openai = (options: Record<string, unknown> = {}) =>
  createLLM('openai-compatible', {
    baseUrl: mock.openaiBaseUrl,
    model: 'test-model',
    apiKey,
    retryInitialDelay: 1,
    ...options,
  });

function spansNamed(name: string): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((span) => span.name === name);
}

function onlySpan(name: string): ReadableSpan {
  const spans = spansNamed(name);
  expect(spans.map((span) => span.name)).toEqual([name]);
  return spans[0] as ReadableSpan;
}

/** The `traceparent` a request carried, split into its trace id and parent span id. */
function traceparentOf(request: RecordedRequest | undefined): { traceId: string; spanId: string } {
  const header = request?.headers.traceparent;
  expect(typeof header).toBe('string');
  const [version, traceId, spanId, flags] = String(header).split('-');
  expect(version).toBe('00');
  expect(flags).toBe('01');
  return { traceId: traceId as string, spanId: spanId as string };
}

async function histogram(name: string): Promise<HistogramMetricData | undefined> {
  const { resourceMetrics } = await reader.collect();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name === name) return metric as HistogramMetricData;
    }
  }
  return undefined;
}

describe('a plain call', () => {
  it('is one CLIENT span with the GenAI attributes, and its context goes to the provider', async () => {
    mock.enqueue({ kind: 'text', text: 'Paris.', usage: { input: 11, output: 2 }, model: 'test-model-2026' });
    const response = await openai().agenerate('Capital of France?', {
      maxTokens: 50,
      temperature: 0.2,
      topP: 0.9,
      stop: ['\n\n'],
      seed: 7,
    });
    expect(response.content).toBe('Paris.');

    const span = onlySpan('chat test-model');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai-compatible',
      'gen_ai.request.model': 'test-model',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stop_sequences': ['\n\n'],
      'gen_ai.request.seed': 7,
      'gen_ai.request.stream': false,
      'gen_ai.response.model': 'test-model-2026',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 2,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(mock.url).port),
    });
    // No content without captureContent.
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(span.attributes['gen_ai.output.messages']).toBeUndefined();

    // The completion's id from the body, also on the response.
    const id = mockResponseId('openai', mock.requests[0]?.id ?? -1);
    expect(span.attributes['gen_ai.response.id']).toBe(id);
    expect(response.responseId).toBe(id);

    const sent = traceparentOf(mock.requests[0]);
    expect(sent).toEqual({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
  });

  it("continues the caller's active span", async () => {
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('handle request', async (parent) => {
      await openai().agenerate('hello');
      parent.end();
    });
    const parent = onlySpan('handle request');
    const call = onlySpan('chat test-model');
    expect(call.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(call.spanContext().traceId).toBe(parent.spanContext().traceId);
  });

  it('records the client metrics: operation duration and token usage by type', async () => {
    mock.enqueue({ kind: 'text', text: 'ok', usage: { input: 5, output: 1 } });
    await openai().agenerate('count me');
    const duration = await histogram('gen_ai.client.operation.duration');
    expect(duration?.descriptor.unit).toBe('s');
    const point = duration?.dataPoints.find(
      (candidate) =>
        candidate.attributes['gen_ai.request.model'] === 'test-model' &&
        candidate.attributes['error.type'] === undefined,
    );
    expect(point?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai-compatible',
      'server.address': '127.0.0.1',
    });
    expect(point?.value.count).toBeGreaterThan(0);
    const tokens = await histogram('gen_ai.client.token.usage');
    const types = new Set(tokens?.dataPoints.map((candidate) => candidate.attributes['gen_ai.token.type']));
    expect(types).toEqual(new Set(['input', 'output']));
    expect(tokens?.descriptor.unit).toBe('{token}');
  });
});

describe('a stream', () => {
  it('records the time to its first chunk and ends its span when the stream ends', async () => {
    mock.enqueue({ kind: 'text', chunks: ['one', ' two', ' three'], usage: { input: 3, output: 3 } });
    const stream = await openai().agenerate('count', { stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.content;
    expect(text).toBe('one two three');
    expect((await stream.completion).responseId).toBe(mockResponseId('openai', mock.requests[0]?.id ?? -1));

    const span = onlySpan('chat test-model');
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(3);
    const firstChunk = span.attributes['gen_ai.response.time_to_first_chunk'];
    expect(typeof firstChunk).toBe('number');
    expect(firstChunk as number).toBeGreaterThan(0);
    const metric = await histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(metric?.dataPoints[0]?.value.count).toBeGreaterThan(0);
    expect(traceparentOf(mock.requests[0]).spanId).toBe(span.spanContext().spanId);
  });

  it('a stream left early ends its span without a finish reason', async () => {
    mock.enqueue({ kind: 'text', chunks: ['a', 'b', 'c', 'd'], latency: { betweenChunksMs: 5 } });
    const stream = await openai().agenerate('leave', { stream: true });
    for await (const _chunk of stream) break;
    const span = onlySpan('chat test-model');
    expect(span.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });
});

describe('a retried call', () => {
  it('is one span with a retry event per wait, the class of the failure and the wait', async () => {
    mock.enqueue({ kind: 'status', status: 503 }, { kind: 'text', text: 'second time lucky' });
    await openai().agenerate('try again');
    const span = onlySpan('chat test-model');
    const retries = span.events.filter((event) => event.name === 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]?.attributes).toMatchObject({ 'retry.attempt': 1, 'error.type': 'ProviderAPIError' });
    expect(typeof retries[0]?.attributes?.['retry.delay_ms']).toBe('number');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    // Both attempts carry the same span as their parent.
    expect(mock.requests.map((request) => traceparentOf(request).spanId)).toEqual([
      span.spanContext().spanId,
      span.spanContext().spanId,
    ]);
  });
});

describe('a failed call', () => {
  it('sets error.type and an ERROR status, records the exception, and never the key', async () => {
    mock.enqueue({ kind: 'status', status: 400 });
    await expect(openai().agenerate('bad')).rejects.toThrow();
    const span = onlySpan('chat test-model');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('InvalidRequestError');
    expect(span.events.some((event) => event.name === 'exception')).toBe(true);
    expect(
      JSON.stringify(exporter.getFinishedSpans().map((done) => [done.attributes, done.events])),
    ).not.toContain(apiKey);
    const duration = await histogram('gen_ai.client.operation.duration');
    expect(
      duration?.dataPoints.some((point) => point.attributes['error.type'] === 'InvalidRequestError'),
    ).toBe(true);
  });
});

describe('a tool loop', () => {
  const add = tool({
    name: 'add',
    description: 'Adds two numbers',
    parameters: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => {
      // Spans the tool makes are children of its execute_tool span.
      trace.getTracer('tool-code').startSpan('inside the tool').end();
      return a + b;
    },
  });

  it('has one execute_tool child span per run, and every step carries the call span', async () => {
    mock.enqueue(
      {
        kind: 'text',
        toolCalls: [{ id: 'call_1', name: 'add', arguments: { a: 2, b: 3 } }],
        finishReason: 'tool_calls',
        usage: { input: 10, output: 5 },
      },
      { kind: 'text', text: 'The sum is 5.', usage: { input: 20, output: 4 } },
    );
    const response = await openai().agenerate('What is 2 + 3?', { tools: [add], maxSteps: 3 });
    expect(response.content).toBe('The sum is 5.');

    const call = onlySpan('chat test-model');
    const toolSpan = onlySpan('execute_tool add');
    expect(toolSpan.kind).toBe(SpanKind.INTERNAL);
    expect(toolSpan.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
    expect(toolSpan.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'add',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.description': 'Adds two numbers',
    });
    expect(toolSpan.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    const inside = onlySpan('inside the tool');
    expect(inside.parentSpanContext?.spanId).toBe(toolSpan.spanContext().spanId);
    // The usage of both steps.
    expect(call.attributes['gen_ai.usage.input_tokens']).toBe(30);
    expect(call.attributes['gen_ai.usage.output_tokens']).toBe(9);
    expect(mock.requests.map((request) => traceparentOf(request).spanId)).toEqual([
      call.spanContext().spanId,
      call.spanContext().spanId,
    ]);
  });

  it('with captureContent, records the messages and the tool arguments and result', async () => {
    mock.enqueue(
      {
        kind: 'text',
        toolCalls: [{ id: 'call_9', name: 'add', arguments: { a: 1, b: 1 } }],
        finishReason: 'tool_calls',
      },
      { kind: 'text', text: 'Two.' },
    );
    await openai({ telemetry: { captureContent: true } }).agenerate('1 + 1?', {
      tools: [add],
      maxSteps: 2,
      systemPrompt: 'Be brief.',
    });
    const call = onlySpan('chat test-model');
    expect(JSON.parse(String(call.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: '1 + 1?' }] },
    ]);
    expect(JSON.parse(String(call.attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Two.' }], finish_reason: 'stop' },
    ]);
    const toolSpan = onlySpan('execute_tool add');
    expect(JSON.parse(String(toolSpan.attributes['gen_ai.tool.call.arguments']))).toEqual({ a: 1, b: 1 });
    expect(toolSpan.attributes['gen_ai.tool.call.result']).toBe('2');
    expect(JSON.stringify(exporter.getFinishedSpans().map((done) => done.attributes))).not.toContain(apiKey);
  });

  it('a tool that throws is an execute_tool span with an ERROR status', async () => {
    const broken = tool({
      name: 'broken',
      parameters: z.object({}),
      execute: async () => {
        throw new RangeError('no such thing');
      },
    });
    mock.enqueue(
      {
        kind: 'text',
        toolCalls: [{ id: 'call_b', name: 'broken', arguments: {} }],
        finishReason: 'tool_calls',
      },
      { kind: 'text', text: 'It failed.' },
    );
    await openai().agenerate('break it', { tools: [broken], maxSteps: 2 });
    const toolSpan = onlySpan('execute_tool broken');
    expect(toolSpan.status.code).toBe(SpanStatusCode.ERROR);
    expect(toolSpan.attributes['error.type']).toBe('RangeError');
  });
});

// The five kinds of call on each wire: what a user of any provider relies on, asserted the same way.
const wires = [
  {
    provider: 'openai-compatible',
    model: 'test-model',
    path: '/v1/chat/completions',
    create: () => openai({ maxRetries: 1 }),
  },
  {
    provider: 'anthropic',
    model: 'claude-test',
    path: '/v1/messages',
    create: () =>
      createLLM('anthropic', { baseUrl: mock.url, model: 'claude-test', apiKey, retryInitialDelay: 1 }),
  },
  {
    provider: 'ollama',
    model: 'qwen3:4b',
    path: '/api/chat',
    create: () => createLLM('ollama', { baseUrl: mock.url, model: 'qwen3:4b', retryInitialDelay: 1 }),
  },
] as const;

describe.each(wires)('on the $provider wire', ({ provider, model, path, create }) => {
  const name = `chat ${model}`;

  function expectCallSpan(span: ReadableSpan): void {
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes['gen_ai.provider.name']).toBe(provider);
    expect(span.attributes['gen_ai.request.model']).toBe(model);
    expect(span.attributes['server.address']).toBe('127.0.0.1');
  }

  /** Every request at the mock carried the call span's context. */
  function expectSentBy(span: ReadableSpan, requests: number): void {
    expect(mock.requests.map((request) => request.path)).toEqual(Array(requests).fill(path));
    expect(mock.requests.map((request) => traceparentOf(request))).toEqual(
      Array(requests).fill({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId }),
    );
  }

  it('a plain call', async () => {
    mock.enqueue({ kind: 'text', text: 'Hi.', usage: { input: 4, output: 2 } });
    await create().agenerate('hello', { maxTokens: 20 });
    const span = onlySpan(name);
    expectCallSpan(span);
    expect(span.attributes).toMatchObject({
      'gen_ai.request.max_tokens': 20,
      'gen_ai.request.stream': false,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 4,
      'gen_ai.usage.output_tokens': 2,
    });
    const wire = provider === 'openai-compatible' ? 'openai' : provider;
    expect(span.attributes['gen_ai.response.id']).toBe(mockResponseId(wire, mock.requests[0]?.id ?? -1));
    expectSentBy(span, 1);
  });

  it('a stream', async () => {
    mock.enqueue({ kind: 'text', chunks: ['Hi', ' there.'], usage: { input: 4, output: 2 } });
    const stream = await create().agenerate('hello', { stream: true });
    for await (const _chunk of stream) {
    }
    const span = onlySpan(name);
    expectCallSpan(span);
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(typeof span.attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
    expectSentBy(span, 1);
  });

  it('a retried call', async () => {
    mock.enqueue({ kind: 'status', status: 503 }, { kind: 'text', text: 'Hi.' });
    await create().agenerate('hello');
    const span = onlySpan(name);
    expectCallSpan(span);
    const retries = span.events.filter((event) => event.name === 'retry');
    expect(retries.map((event) => event.attributes?.['retry.attempt'])).toEqual([1]);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expectSentBy(span, 2);
  });

  it('a tool loop', async () => {
    const add = tool({
      name: 'add',
      parameters: z.object({ a: z.number(), b: z.number() }),
      execute: async ({ a, b }) => a + b,
    });
    mock.enqueue(
      {
        kind: 'text',
        toolCalls: [{ id: 'call_7', name: 'add', arguments: { a: 2, b: 3 } }],
        finishReason: 'tool_calls',
      },
      { kind: 'text', text: 'Five.' },
    );
    const response = await create().agenerate('2 + 3?', { tools: [add], maxSteps: 2 });
    expect(response.content).toBe('Five.');
    const span = onlySpan(name);
    expectCallSpan(span);
    const toolSpan = onlySpan('execute_tool add');
    expect(toolSpan.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    expect(toolSpan.attributes['gen_ai.tool.name']).toBe('add');
    expectSentBy(span, 2);
  });

  it('a failed call', async () => {
    mock.enqueue({ kind: 'status', status: 400 });
    const error = await create()
      .agenerate('hello')
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(Error);
    const span = onlySpan(name);
    expectCallSpan(span);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe((error as Error).name);
    expect(span.events.some((event) => event.name === 'exception')).toBe(true);
    expectSentBy(span, 1);
  });
});

describe('embeddings', () => {
  it('is a span named embeddings {model} with the input tokens', async () => {
    await openai().embed(['alpha', 'beta'], { model: 'embed-model' });
    const span = onlySpan('embeddings embed-model');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(traceparentOf(mock.requests[0]).spanId).toBe(span.spanContext().spanId);
  });
});

describe('telemetry: false', () => {
  it('makes no span and sends no traceparent', async () => {
    await openai({ telemetry: false }).agenerate('quiet');
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(mock.requests[0]?.headers.traceparent).toBeUndefined();
  });

  it('a bad telemetry option is a TypeError naming it', () => {
    expect(() => openai({ telemetry: { captureContnet: true } })).toThrow(
      /telemetry: unknown option captureContnet/,
    );
    expect(() => openai({ telemetry: { captureContent: 'yes' } })).toThrow(
      /telemetry.captureContent must be a boolean/,
    );
  });
});
