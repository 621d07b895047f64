import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SseEvent } from '../src/decoders/sse-event.js';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport } from '../src/transport/transport-types.js';
import { expectNoUnhandledRejections, rejectionOf, sleep, waitFor } from './support/socket-helpers.js';

const chatBody = { model: 'mock-model', stream: true, messages: [{ role: 'user', content: 'hi' }] };

describe('an abort rejects with exactly the signal’s reason and releases the socket', () => {
  let mock: MockLlm;
  let transport: Transport;
  expectNoUnhandledRejections();

  beforeAll(async () => {
    mock = await startMockLlm();
  });
  afterEach(async () => {
    await transport.close();
    mock.reset();
  });
  afterAll(() => mock.close());

  function open(): Transport {
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    return transport;
  }

  it('rejects at once, sending nothing, when the signal is already aborted', async () => {
    const reason = new Error('cancelled before the call');
    const error = await rejectionOf(
      open().requestJson({ path: '/chat/completions', body: chatBody, signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
    expect(mock.requests).toHaveLength(0);
  });

  it('rejects requestJson with the reason when aborted before the headers', async () => {
    mock.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const reason = { why: 'the user pressed stop' };
    const pending = open().requestJson({
      path: '/chat/completions',
      body: chatBody,
      signal: controller.signal,
    });
    await waitFor(() => mock.requests.length === 1);
    controller.abort(reason);
    expect(await rejectionOf(pending)).toBe(reason);
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await waitFor(() => mock.openConnections === 0);
  });

  it('rejects streamSse with the reason when aborted before the headers', async () => {
    mock.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = open().streamSse({
      path: '/chat/completions',
      body: chatBody,
      signal: controller.signal,
    });
    await waitFor(() => mock.requests.length === 1);
    controller.abort();
    const error = await rejectionOf(pending);
    // No reason given: the signal's own AbortError, the same object.
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe('AbortError');
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await waitFor(() => mock.openConnections === 0);
  });

  it('throws the reason inside the for-await when aborted mid-stream', async () => {
    mock.enqueue({ kind: 'hang', afterChunks: 1 });
    const controller = new AbortController();
    const reason = new Error('stop streaming');
    const stream = await open().streamSse({
      path: '/chat/completions',
      body: chatBody,
      signal: controller.signal,
    });
    const seen: SseEvent[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const event of stream) {
          seen.push(event);
          controller.abort(reason);
        }
      })(),
    );
    expect(error).toBe(reason);
    expect(seen).toHaveLength(1);
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await waitFor(() => mock.openConnections === 0);
  });

  it('throws the reason at the next pull when aborted while the consumer held an event', async () => {
    mock.enqueue({ kind: 'text', text: 'one two three four', latency: { betweenChunksMs: 30 } });
    const controller = new AbortController();
    const reason = new Error('later');
    const stream = await open().streamSse({
      path: '/chat/completions',
      body: chatBody,
      signal: controller.signal,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort(reason);
    await sleep(50);
    expect(await rejectionOf(iterator.next())).toBe(reason);
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('aborts an NDJSON stream the same way', async () => {
    mock.enqueue({ kind: 'hang', afterChunks: 1 });
    transport = createTransport({ provider: 'ollama', baseUrl: mock.url });
    const controller = new AbortController();
    const reason = new Error('stop ollama');
    const stream = await transport.streamNdjson({
      path: '/api/chat',
      body: { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] },
      signal: controller.signal,
    });
    const error = await rejectionOf(
      (async () => {
        for await (const _line of stream) controller.abort(reason);
      })(),
    );
    expect(error).toBe(reason);
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('does nothing when the signal aborts after the call finished', async () => {
    const controller = new AbortController();
    const response = await open().requestJson({
      path: '/chat/completions',
      body: { ...chatBody, stream: false },
      signal: controller.signal,
    });
    controller.abort(new Error('too late'));
    expect(response.status).toBe(200);
    expect(await mock.requests[0]?.outcome).toBe('completed');
  });

  it('lets many calls share one signal without MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const transportUnderTest = open();
      await Promise.all(
        Array.from({ length: 30 }, () =>
          transportUnderTest.requestJson({
            path: '/chat/completions',
            body: { ...chatBody, stream: false },
            signal: controller.signal,
          }),
        ),
      );
      await sleep(10);
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
