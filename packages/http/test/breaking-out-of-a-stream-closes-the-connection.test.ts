import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport } from '../src/transport/transport-types.js';
import { expectNoUnhandledRejections, waitFor } from './support/socket-helpers.js';

const streamBody = { model: 'mock-model', stream: true, messages: [{ role: 'user', content: 'hi' }] };
const longText = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');

describe('leaving a for-await early closes the connection', () => {
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

  it('break after the first SSE event', async () => {
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    mock.enqueue({ kind: 'text', text: longText, latency: { betweenChunksMs: 20 } });
    const stream = await transport.streamSse({ path: '/chat/completions', body: streamBody });
    for await (const event of stream) {
      expect(event.data).toContain('word0');
      break;
    }
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await waitFor(() => mock.openConnections === 0);
  });

  it('an exception thrown by the consumer inside the loop', async () => {
    transport = createTransport({ provider: 'ollama', baseUrl: mock.url });
    mock.enqueue({ kind: 'text', text: longText, latency: { betweenChunksMs: 20 } });
    const stream = await transport.streamNdjson({
      path: '/api/chat',
      body: { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] },
    });
    const consumerError = new Error('consumer failed');
    await expect(
      (async () => {
        for await (const _line of stream) throw consumerError;
      })(),
    ).rejects.toBe(consumerError);
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
    await waitFor(() => mock.openConnections === 0);
  });

  it('the iterator’s return() called by hand after the first event', async () => {
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    mock.enqueue({ kind: 'text', text: longText, latency: { betweenChunksMs: 20 } });
    const stream = await transport.streamSse({ path: '/chat/completions', body: streamBody });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    expect(await mock.requests[0]?.outcome).toBe('client-closed');
  });

  it('a stream read to its end keeps its connection for the next call', async () => {
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    mock.enqueue({ kind: 'text', text: 'short answer' });
    const stream = await transport.streamSse({ path: '/chat/completions', body: streamBody });
    const data: string[] = [];
    for await (const event of stream) data.push(event.data);
    expect(data.at(-1)).toBe('[DONE]');
    expect(await mock.requests[0]?.outcome).toBe('completed');
    expect(mock.openConnections).toBe(1);
  });
});
