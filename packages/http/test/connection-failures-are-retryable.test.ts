import { ProviderConnectionError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport } from '../src/transport/transport-types.js';
import { expectNoUnhandledRejections, rejectionOf } from './support/socket-helpers.js';

const streamBody = { model: 'mock-model', stream: true, messages: [{ role: 'user', content: 'hi' }] };

describe('connection failures become retryable ProviderConnectionErrors', () => {
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

  it('a reset before the headers rejects requestJson and streamSse', async () => {
    mock.enqueue({ kind: 'reset-before-headers' }, { kind: 'reset-before-headers' });
    for (const pending of [
      transport.requestJson({ path: '/chat/completions', body: { ...streamBody, stream: false } }),
      transport.streamSse({ path: '/chat/completions', body: streamBody }),
    ]) {
      const error = await rejectionOf(pending);
      expect(ProviderConnectionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ retryable: true, provider: 'openai' });
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
  });

  it('a reset mid-stream is thrown inside the for-await, after the events that arrived', async () => {
    mock.enqueue({ kind: 'reset-mid-stream', afterChunks: 2 });
    const stream = await transport.streamSse({ path: '/chat/completions', body: streamBody });
    let events = 0;
    const error = await rejectionOf(
      (async () => {
        for await (const _event of stream) events += 1;
      })(),
    );
    expect(events).toBe(2);
    expect(ProviderConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true });
  });

  it('a reset mid-way through an NDJSON stream too', async () => {
    mock.enqueue({ kind: 'reset-mid-stream', afterChunks: 1 });
    const ollama = createTransport({ provider: 'ollama', baseUrl: mock.url });
    try {
      const stream = await ollama.streamNdjson({
        path: '/api/chat',
        body: { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] },
      });
      const error = await rejectionOf(
        (async () => {
          for await (const _line of stream);
        })(),
      );
      expect(ProviderConnectionError.isInstance(error)).toBe(true);
    } finally {
      await ollama.close();
    }
  });

  it('a refused connection names its code', async () => {
    const closed = await startMockLlm();
    const url = closed.openaiBaseUrl;
    await closed.close();
    const nowhere = createTransport({ provider: 'openai', baseUrl: url });
    try {
      const error = await rejectionOf(nowhere.requestJson({ path: '/models' }));
      expect(ProviderConnectionError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'ECONNREFUSED', retryable: true });
    } finally {
      await nowhere.close();
    }
  });

  it('a malformed event is a ProviderAPIError thrown from the iterator, not retryable', async () => {
    mock.enqueue({ kind: 'malformed-json', stream: true });
    const ollama = createTransport({ provider: 'ollama', baseUrl: mock.url });
    try {
      const stream = await ollama.streamNdjson({
        path: '/api/chat',
        body: { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] },
      });
      const error = await rejectionOf(
        (async () => {
          for await (const _line of stream);
        })(),
      );
      expect(error).toMatchObject({ name: 'ProviderAPIError', retryable: false, provider: 'ollama' });
    } finally {
      await ollama.close();
    }
  });
});
