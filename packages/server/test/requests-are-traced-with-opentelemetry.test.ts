import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { RecordedRequest } from '@tooling/mock-llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openConnection } from './support/raw-socket.js';
import { type Stack, startStack } from './support/start-stack.js';

// A real SDK, registered the way an application registers one, exporting to memory; the official `openai`
// client is the caller, mock-llm the provider, and every hop is a real socket.
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const token = 'server-token-do-not-leak-0123456789';
const chatRoute = 'POST /v1/chat/completions';

let stack: Stack;
let client: OpenAI;
let port: number;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(tracerProvider);
  stack = await startStack({ server: { authToken: token } });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: token, maxRetries: 0 });
  port = Number(new URL(stack.url).port);
});
afterAll(async () => {
  await stack.close();
  await tracerProvider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});
beforeEach(() => {
  stack.mock.reset();
  exporter.reset();
});

/** The client's own span, and the `traceparent` header that carries it to the server. */
function clientSpan(): { traceId: string; spanId: string; headers: Record<string, string> } {
  const span = trace.getTracer('test client').startSpan('client call', { kind: SpanKind.CLIENT });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  span.end();
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId, headers };
}

// The SERVER span ends when the response closes, which may come just after the client has read its answer.
async function finishedSpan(name: string): Promise<ReadableSpan> {
  return vi.waitFor(() => {
    const spans = exporter.getFinishedSpans().filter((span) => span.name === name);
    expect(spans.map((span) => span.name)).toEqual([name]);
    return spans[0] as ReadableSpan;
  });
}

/** The `traceparent` a request to the provider carried, split into its trace id and parent span id. */
function traceparentOf(request: RecordedRequest | undefined): { traceId: string; spanId: string } {
  const header = request?.headers.traceparent;
  expect(typeof header).toBe('string');
  const [version, traceId, spanId] = String(header).split('-');
  expect(version).toBe('00');
  return { traceId: traceId as string, spanId: spanId as string };
}

/** Asserts one trace: (caller →) SERVER span → `chat` span → the provider's request. */
async function expectOneTrace(
  parent: { traceId: string; spanId: string } | undefined,
): Promise<ReadableSpan> {
  const server = await finishedSpan(chatRoute);
  const chat = await finishedSpan('chat mock-model');
  const traceId = parent?.traceId ?? server.spanContext().traceId;
  expect(server.kind).toBe(SpanKind.SERVER);
  expect(server.spanContext().traceId).toBe(traceId);
  if (parent === undefined) {
    expect(server.parentSpanContext).toBeUndefined();
  } else {
    expect(server.parentSpanContext?.spanId).toBe(parent.spanId);
    expect(server.parentSpanContext?.isRemote).toBe(true);
  }
  expect(chat.kind).toBe(SpanKind.CLIENT);
  expect(chat.spanContext().traceId).toBe(traceId);
  expect(chat.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  expect(traceparentOf(stack.mock.requests[0])).toEqual({ traceId, spanId: chat.spanContext().spanId });
  // The call ends inside the request (spans are exported as they end).
  const ended = exporter.getFinishedSpans();
  expect(ended.indexOf(chat)).toBeLessThan(ended.indexOf(server));
  return server;
}

function spansJson(): string {
  return JSON.stringify(
    exporter.getFinishedSpans().map((span) => [span.name, span.attributes, span.events, span.status]),
  );
}

describe('a request carrying a traceparent', () => {
  it('continues that trace: SERVER span, then the chat span, whose context goes to the provider', async () => {
    const caller = clientSpan();
    stack.mock.enqueue({ kind: 'text', text: 'Paris.' });
    const completion = await client.chat.completions.create(
      { model: 'mock-model', messages: [{ role: 'user', content: 'Capital of France?' }] },
      { headers: caller.headers },
    );
    expect(completion.choices[0]?.message.content).toBe('Paris.');

    const server = await expectOneTrace(caller);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/v1/chat/completions',
      'http.response.status_code': 200,
      'url.path': '/v1/chat/completions',
      'url.scheme': 'http',
      'network.protocol.version': '1.1',
      'server.address': '127.0.0.1',
      'server.port': port,
      'client.address': '127.0.0.1',
      'user_agent.original': expect.stringMatching(/^OpenAI\//),
    });
    // Neither the bearer token nor the body reaches a span.
    expect(spansJson()).not.toContain(token);
    expect(spansJson()).not.toContain('Capital of France');
  });

  it('an SSE stream is one trace too, its SERVER span ending after the stream', async () => {
    const caller = clientSpan();
    stack.mock.enqueue({ kind: 'text', chunks: ['one', ' two', ' three'], latency: { betweenChunksMs: 5 } });
    const stream = await client.chat.completions.create(
      { model: 'mock-model', messages: [{ role: 'user', content: 'count' }], stream: true },
      { headers: caller.headers },
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three');

    const server = await expectOneTrace(caller);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes['http.response.status_code']).toBe(200);
  });

  it('/stream and /v1/messages streams are traced the same way', async () => {
    for (const [path, body] of [
      ['/stream', { prompt: 'hello' }],
      [
        '/v1/messages',
        { model: 'mock-model', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      ],
    ] as const) {
      stack.mock.reset();
      exporter.reset();
      const caller = clientSpan();
      const response = await fetch(`${stack.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...caller.headers },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      await response.text();
      const server = await finishedSpan(`POST ${path}`);
      const chat = await finishedSpan('chat mock-model');
      expect(server.parentSpanContext?.spanId).toBe(caller.spanId);
      expect(chat.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
      expect(traceparentOf(stack.mock.requests[0])).toEqual({
        traceId: caller.traceId,
        spanId: chat.spanContext().spanId,
      });
    }
  });

  it('a body that arrives in pieces, after a pause, still runs the call in the span', async () => {
    const caller = clientSpan();
    const body = JSON.stringify({ model: 'mock-model', messages: [{ role: 'user', content: 'slowly' }] });
    const connection = await openConnection(stack.url);
    connection.write(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `traceparent: ${caller.headers.traceparent}\r\nConnection: close\r\n\r\n`,
    );
    // The handler starts on a later socket event than the one that brought the headers.
    const half = Math.floor(body.length / 2);
    for (const piece of [body.slice(0, half), body.slice(half)]) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      connection.write(piece);
    }
    expect((await connection.closed).text).toMatch(/^HTTP\/1\.1 200/);
    await expectOneTrace(caller);
  });
});

describe('a request without a traceparent', () => {
  it('starts a new trace whose root is the SERVER span', async () => {
    await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expectOneTrace(undefined);
  });
});

describe('failures', () => {
  it('an upstream failure answered with a 5xx makes the SERVER span an ERROR, its error recorded', async () => {
    stack.mock.enqueue({ kind: 'status', status: 500 });
    await expect(
      client.chat.completions.create({ model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 502 });
    const server = await finishedSpan(chatRoute);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(server.attributes['http.response.status_code']).toBe(502);
    expect(server.attributes['error.type']).toBe('502');
    // The upstream's words, as the chat span also records them.
    expect(server.events.find((event) => event.name === 'exception')?.attributes).toMatchObject({
      'exception.message': expect.stringContaining('The server had an error'),
    });
    const chat = await finishedSpan('chat mock-model');
    expect(chat.status.code).toBe(SpanStatusCode.ERROR);
    expect(chat.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it("a 4xx is the client's fault: the status stays unset, and the wrong token is not recorded", async () => {
    const wrongToken = 'wrong-token-do-not-record-42';
    const stranger = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: wrongToken, maxRetries: 0 });
    await expect(
      stranger.chat.completions.create({ model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status: 401 });
    const server = await finishedSpan(chatRoute);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes['http.response.status_code']).toBe(401);
    expect(server.attributes['error.type']).toBeUndefined();
    expect(server.events).toEqual([]);
    expect(spansJson()).not.toContain(wrongToken);
    expect(stack.mock.requests).toEqual([]);
  });

  it('a client that leaves mid-stream ends the span, marked client_closed', async () => {
    stack.mock.enqueue({
      kind: 'text',
      chunks: ['a', 'b', 'c', 'd', 'e', 'f'],
      latency: { betweenChunksMs: 30 },
    });
    const stream = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'go on' }],
      stream: true,
    });
    for await (const _chunk of stream) break;
    const server = await finishedSpan(chatRoute);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(server.attributes['error.type']).toBe('client_closed');
    expect(server.attributes['http.response.status_code']).toBe(200);
    const chat = await finishedSpan('chat mock-model');
    expect(chat.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });
});

describe('routes', () => {
  it('GET /health makes no span', async () => {
    const response = await fetch(`${stack.url}/health`);
    expect(response.status).toBe(200);
    await response.text();
    // A traced request after it: once its span is in, the probe's would have been too.
    await client.models.list();
    await finishedSpan('GET /v1/models');
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['GET /v1/models']);
  });

  it('a route that does not exist is a span named by its method alone, without http.route', async () => {
    const response = await fetch(`${stack.url}/nowhere?key=secret-in-query`, { method: 'POST' });
    expect(response.status).toBe(404);
    await response.text();
    const server = await finishedSpan('POST');
    expect(server.attributes['http.route']).toBeUndefined();
    expect(server.attributes['url.path']).toBe('/nowhere');
    expect(server.attributes['http.response.status_code']).toBe(404);
    expect(spansJson()).not.toContain('secret-in-query');
  });
});
