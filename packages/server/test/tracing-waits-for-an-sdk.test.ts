import { otelApi } from '@core/session/otel';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Stack, startStack } from './support/start-stack.js';

// Its own file: vitest runs each file in a fresh process, and the SDK registered in the traced file's must not
// be here when the server starts.
const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await stack.close();
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('without an OpenTelemetry SDK', () => {
  it('answers as before and sends no traceparent upstream, even when one came in', async () => {
    expect(otelApi()).toBeUndefined();
    stack.mock.enqueue({ kind: 'text', text: 'untraced' });
    const completion = await client.chat.completions.create(
      { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] },
      { headers: { traceparent: incoming } },
    );
    expect(completion.choices[0]?.message.content).toBe('untraced');
    const stream = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'stream' }],
      stream: true,
    });
    for await (const _chunk of stream) {
    }
    expect(stack.mock.requests).toHaveLength(2);
    for (const request of stack.mock.requests) expect(request.headers.traceparent).toBeUndefined();
  });
});

describe('an SDK registered after the server started', () => {
  it('is used from the next request on', async () => {
    const exporter = new InMemorySpanExporter();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    stack.mock.reset();
    // The first traced request is the one that waits for the API to be imported.
    await client.chat.completions.create(
      { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] },
      { headers: { traceparent: incoming } },
    );
    const server = await vi.waitFor(() => {
      const found = exporter.getFinishedSpans().find((span) => span.name === 'POST /v1/chat/completions');
      expect(found).toBeDefined();
      return found;
    });
    expect(server?.kind).toBe(SpanKind.SERVER);
    expect(server?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(server?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    const chat = exporter.getFinishedSpans().find((span) => span.name === 'chat mock-model');
    expect(chat?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(String(stack.mock.requests[0]?.headers.traceparent)).toBe(
      `00-0af7651916cd43dd8448eb211c80319c-${chat?.spanContext().spanId}-01`,
    );
  });
});
