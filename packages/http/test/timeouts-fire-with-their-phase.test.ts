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

describe('timeoutMs fires as TimeoutError with its phase', () => {
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

  it('a stream outlives timeoutMs once its headers came: later gaps are the reader’s to watch', async () => {
    mock.enqueue({ kind: 'text', text: 'one two three four five', latency: { betweenChunksMs: 60 } });
    const stream = await transport.streamSse({ path: '/chat/completions', body: streamBody, timeoutMs: 150 });
    expect(await drain(stream)).toBeGreaterThanOrEqual(6);
    expect(await mock.requests[0]?.outcome).toBe('completed');
  });

  it('close(reason) rejects a read in progress with that reason and closes the connection', async () => {
    mock.enqueue({ kind: 'hang', afterChunks: 1 });
    const stream = await transport.streamSse({ path: '/chat/completions', body: streamBody });
    expect(await stream.read()).toHaveLength(1);
    const reading = stream.read();
    const reason = new TimeoutError({ message: 'idle', timeoutMs: 50, phase: 'idle' });
    setTimeout(() => stream.close(reason), 50);
    expect(await rejectionOf(reading)).toBe(reason);
    expect(await stream.read()).toBeUndefined();
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await waitFor(() => mock.openConnections === 0);
  });

  it('a steady stream within the limits completes', async () => {
    mock.enqueue({ kind: 'text', text: 'one two three four five', latency: { betweenChunksMs: 30 } });
    const stream = await transport.streamSse({
      path: '/chat/completions',
      body: streamBody,
      timeoutMs: 1000,
    });
    expect(await drain(stream)).toBeGreaterThanOrEqual(6);
    expect(await mock.requests[0]?.outcome).toBe('completed');
  });
});
