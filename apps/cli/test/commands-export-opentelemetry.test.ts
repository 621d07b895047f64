import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockProviderFlags, runCli, startServe } from './cli-process.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// OTLP's span kinds.
const serverKind = 2;
const clientKind = 3;

let mock: MockLlm;
let receiver: OtlpReceiver;
let directory: string;
beforeAll(async () => {
  [mock, receiver] = await Promise.all([startMockLlm(), startOtlpReceiver()]);
  directory = await mkdtemp(join(tmpdir(), 'abstractcore-otel-'));
});
afterAll(async () => {
  await Promise.all([mock?.close(), receiver?.close()]);
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => {
  mock.reset();
  receiver.reset();
});

const mockFlags = () => mockProviderFlags(mock);

// Only the endpoint: every other setting is the SDK's default, as a user who sets one variable gets.
const exportTo = (url: string, extra: Record<string, string> = {}) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: url,
  ...extra,
});

const chatSpans = () => receiver.spans().filter((span) => span.name === 'chat test-model');

/** The trace id and parent span id of the `traceparent` a provider request carried. */
function traceparentOf(headers: Record<string, unknown> | undefined): { traceId: string; spanId: string } {
  const [, traceId, spanId] = String(headers?.traceparent).split('-');
  return { traceId: traceId as string, spanId: spanId as string };
}

describe('with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  it('abstractcore chat exports its calls as GenAI spans and metrics, and propagates the trace to the provider', async () => {
    mock.enqueue({ kind: 'text', text: 'Hello Ada!', usage: { input: 5, output: 3 } });
    const run = await runCli(['chat', ...mockFlags(), '--max-tokens', '16'], {
      input: 'My name is Ada.\n',
      env: exportTo(receiver.url),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Hello Ada!');

    // Everything is exported by the time the process has exited: nothing is left in a buffer.
    expect(receiver.exports.every((entry) => typeof entry.body === 'object')).toBe(true);
    expect(receiver.exports[0]?.headers['content-type']).toBe('application/json');
    const [chat, ...others] = chatSpans();
    expect(others).toEqual([]);
    expect(chat).toMatchObject({
      kind: clientKind,
      resource: { 'service.name': 'abstractcore', 'service.version': version },
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai-compatible',
        'gen_ai.request.model': 'test-model',
        'gen_ai.request.max_tokens': 16,
        'gen_ai.request.stream': true,
        'gen_ai.usage.input_tokens': 5,
        'gen_ai.usage.output_tokens': 3,
        'gen_ai.response.finish_reasons': ['stop'],
        'server.address': '127.0.0.1',
      },
    });
    // Content is recorded only when a program asks for it; the CLI does not.
    expect(chat?.attributes).not.toHaveProperty('gen_ai.input.messages');
    expect(chat?.attributes).not.toHaveProperty('gen_ai.output.messages');

    // The provider saw the call's span as its parent.
    const asked = mock.requests.find((request) => request.path.endsWith('/chat/completions'));
    expect(traceparentOf(asked?.headers)).toEqual({ traceId: chat?.traceId, spanId: chat?.spanId });

    const metrics = receiver.metrics();
    expect(metrics.find((metric) => metric.name === 'gen_ai.client.operation.duration')).toMatchObject({
      count: 1,
      resource: { 'service.name': 'abstractcore' },
    });
    expect(metrics.map((metric) => metric.name)).toEqual(
      expect.arrayContaining(['gen_ai.client.token.usage', 'gen_ai.client.operation.time_to_first_chunk']),
    );
  }, 60_000);

  it('abstractcore batch exports one span per request under OTEL_SERVICE_NAME', async () => {
    const input = join(directory, 'requests.jsonl');
    await writeFile(
      input,
      ['one', 'two', 'three', 'four'].map((prompt) => JSON.stringify({ prompt })).join('\n'),
    );
    const run = await runCli(['batch', input, ...mockFlags()], {
      env: exportTo(receiver.url, { OTEL_SERVICE_NAME: 'nightly-batch' }),
    });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(4);

    const spans = chatSpans();
    expect(spans).toHaveLength(4);
    for (const span of spans) {
      expect(span).toMatchObject({
        kind: clientKind,
        resource: { 'service.name': 'nightly-batch' },
        attributes: { 'gen_ai.provider.name': 'openai-compatible', 'gen_ai.request.stream': false },
      });
    }
    // Unrelated requests: four traces, not one.
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(4);
    expect(
      receiver.metrics().find((metric) => metric.name === 'gen_ai.client.operation.duration'),
    ).toMatchObject({ count: 4, resource: { 'service.name': 'nightly-batch' } });
  }, 60_000);

  it('abstractcore serve exports the SERVER span of a request and the call inside it, flushed on SIGTERM', async () => {
    const served = await startServe([...mockFlags(), '--port', '0'], exportTo(receiver.url));
    let stopped = false;
    try {
      const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      // A caller that is itself traced: the server continues its trace.
      const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const callerSpanId = '00f067aa0ba902b7';
      const completion = await client.chat.completions.create(
        { model: 'test-model', messages: [{ role: 'user', content: 'Hi there' }] },
        { headers: { traceparent: `00-${callerTraceId}-${callerSpanId}-01` } },
      );
      expect(completion.choices[0]?.message.content).toBe('Echo: Hi there');
      // The batch processor holds the spans for up to 5 s: only the graceful stop exports them now.
      expect(await served.stop()).toBe(0);
      stopped = true;

      const spans = receiver.spans();
      const chat = chatSpans()[0];
      const request = spans.find((span) => span.name === 'POST /v1/chat/completions');
      expect(chat).toMatchObject({ kind: clientKind, resource: { 'service.name': 'abstractcore' } });
      expect(request, `spans: ${spans.map((span) => span.name).join(', ')}`).toMatchObject({
        kind: serverKind,
        traceId: callerTraceId,
        parentSpanId: callerSpanId,
      });
      expect(chat).toMatchObject({ traceId: callerTraceId, parentSpanId: (request as ReceivedSpan).spanId });
      expect(served.stdout()).toContain('stopped');
    } finally {
      if (!stopped) await served.stop();
    }
  }, 60_000);

  it('a collector that is down neither fails the command nor holds it for the exporter’s retries', async () => {
    // A port that refused connections a moment ago: the exporter retries that for 10 s by default.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const started = performance.now();
    const run = await runCli(['chat', ...mockFlags()], {
      input: 'Still there?\n',
      env: exportTo(`http://127.0.0.1:${port}`),
    });
    const tookMs = performance.now() - started;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Echo: Still there?');
    expect(run.stderr).toContain('did not take the last spans and metrics within 2 s');
    // Start-up, one answer and the 2 s bound, well short of the exporter's 10 s of retries.
    expect(tookMs).toBeLessThan(8_000);
  }, 60_000);
});

describe('without an endpoint, or with OTEL_SDK_DISABLED=true', () => {
  // NODE_DEBUG=module has Node name every CommonJS file it loads, which the SDK's packages are.
  const loadsOpenTelemetry = async (env: Record<string, string>): Promise<boolean> => {
    const run = await runCli(['chat', ...mockFlags()], {
      input: 'Hello\n',
      env: { NODE_DEBUG: 'module', ...env },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Echo: Hello');
    return run.stderr.includes('@opentelemetry/sdk-trace-node');
  };

  it('exports nothing and loads no OpenTelemetry module', async () => {
    // The check can see the SDK load: with an endpoint, it does.
    expect(await loadsOpenTelemetry(exportTo(receiver.url))).toBe(true);
    receiver.reset();
    expect(await loadsOpenTelemetry({})).toBe(false);
    expect(await loadsOpenTelemetry(exportTo(receiver.url, { OTEL_SDK_DISABLED: 'true' }))).toBe(false);
    expect(receiver.exports).toEqual([]);
  }, 60_000);
});
