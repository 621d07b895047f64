import { TimeoutError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport } from '../src/transport/transport-types.js';
import { expectNoUnhandledRejections, rejectionOf, sleep, waitFor } from './support/socket-helpers.js';

const streamBody = { model: 'mock-model', stream: true, messages: [{ role: 'user', content: 'hi' }] };
const jsonBody = { ...streamBody, stream: false };

async function drain(stream: AsyncIterable<unknown>, eachMs = 0): Promise<number> {
  let count = 0;
  for await (const _event of stream) {
    count += 1;
    if (eachMs > 0) await sleep(eachMs);
  }
  return count;
}

describe('timeoutMs and idleTimeoutMs fire as TimeoutError with their phase', () => {
  let mock: MockLlm;
  let transport: Transport;
  expectNoUnhandledRejections();

  beforeAll(async () => {
    mock = await startMockLlm();
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
  });
  afterEach(() => mock.reset());
  afterAll(async () => {
    await transport.close();
    await mock.close();
  });

  it('total: requestJson gets no headers in time', async () => {
    mock.enqueue({ kind: 'hang' });
    const error = await rejectionOf(
      transport.requestJson({
        path: '/chat/completions',
        body: jsonBody,
        // Long enough for the request to reach the server even on a loaded CI machine.
        timeoutMs: 400,
        model: 'mock-model',
      }),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ phase: 'total', timeoutMs: 400, provider: 'openai', model: 'mock-model' });
    expect((error as TimeoutError).retryable).toBe(true);
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await waitFor(() => mock.openConnections === 0);
  });

  it('total: covers the body too, not only the headers', async () => {
    mock.enqueue({
      kind: 'raw',
      headers: { 'content-type': 'application/json' },
      pieces: ['{"slow":', ' true}'],
      latency: { betweenChunksMs: 400 },
    });
    const error = await rejectionOf(
      transport.requestJson({ path: '/chat/completions', body: jsonBody, timeoutMs: 150 }),
    );
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'total', timeoutMs: 150 });
  });

  it('first-chunk: streamSse rejects at the await when the headers do not come', async () => {
    mock.enqueue({ kind: 'hang' });
    const error = await rejectionOf(
      transport.streamSse({ path: '/chat/completions', body: streamBody, timeoutMs: 100 }),
    );
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'first-chunk', timeoutMs: 100 });
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('first-chunk: thrown inside the for-await when headers came but no event', async () => {
    mock.enqueue({ kind: 'hang', afterChunks: 0 });
    // Long enough for the headers to arrive even on a loaded CI machine.
    const stream = await transport.streamSse({ path: '/chat/completions', body: streamBody, timeoutMs: 500 });
    expect(stream.status).toBe(200);
    const error = await rejectionOf(drain(stream));
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'first-chunk', timeoutMs: 500 });
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('idle: the stream stops between events', async () => {
    mock.enqueue({ kind: 'hang', afterChunks: 1 });
    const stream = await transport.streamSse({
      path: '/chat/completions',
      body: streamBody,
      timeoutMs: 5000,
      idleTimeoutMs: 100,
    });
    let events = 0;
    const error = await rejectionOf(
      (async () => {
        for await (const _event of stream) events += 1;
      })(),
    );
    expect(events).toBe(1);
    expect(error).toMatchObject({ name: 'TimeoutError', phase: 'idle', timeoutMs: 100 });
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await waitFor(() => mock.openConnections === 0);
  });

  it('idle: an NDJSON stream too', async () => {
    mock.enqueue({ kind: 'hang', afterChunks: 1 });
    const ollama = createTransport({ provider: 'ollama', baseUrl: mock.url });
    try {
      const stream = await ollama.streamNdjson({
        path: '/api/chat',
        body: { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] },
        idleTimeoutMs: 100,
      });
      expect(await rejectionOf(drain(stream))).toMatchObject({ name: 'TimeoutError', phase: 'idle' });
    } finally {
      await ollama.close();
    }
  });

  it('a slow consumer is not an idle server', async () => {
    mock.enqueue({ kind: 'text', text: 'one two three four' });
    const stream = await transport.streamSse({
      path: '/chat/completions',
      body: streamBody,
      idleTimeoutMs: 40,
    });
    // Each event is held three times longer than the idle limit; the server sent everything at once.
    expect(await drain(stream, 120)).toBeGreaterThanOrEqual(5);
  });

  it('a steady stream within the limits completes', async () => {
    mock.enqueue({ kind: 'text', text: 'one two three four five', latency: { betweenChunksMs: 30 } });
    const stream = await transport.streamSse({
      path: '/chat/completions',
      body: streamBody,
      timeoutMs: 1000,
      idleTimeoutMs: 300,
    });
    expect(await drain(stream)).toBeGreaterThanOrEqual(6);
    expect(await mock.requests[0]?.outcome).toBe('completed');
  });
});
