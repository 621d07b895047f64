import { ProviderAPIError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport } from '../src/transport/transport-types.js';
import { expectNoUnhandledRejections, rejectionOf, sleep, waitFor } from './support/socket-helpers.js';

const streamBody = { model: 'mock-model', stream: true, messages: [{ role: 'user', content: 'hi' }] };
const jsonBody = { ...streamBody, stream: false };

// The mock's default error bodies are OpenAI's real shapes (404 says the model does not exist).
const table: Array<[number, string, boolean]> = [
  [400, 'InvalidRequestError', false],
  [401, 'AuthenticationError', false],
  [403, 'AuthenticationError', false],
  [404, 'ModelNotFoundError', false],
  [408, 'ProviderAPIError', true],
  [409, 'ProviderAPIError', true],
  [422, 'InvalidRequestError', false],
  [429, 'RateLimitError', true],
  [500, 'ProviderAPIError', true],
  [503, 'ProviderAPIError', true],
  [529, 'ProviderAPIError', true],
];

describe('error statuses reject at the await with their class', () => {
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

  it.each(table)(
    'HTTP %i → %s (retryable %s) from requestJson and streamSse',
    async (status, name, retryable) => {
      mock.enqueue({ kind: 'status', status }, { kind: 'status', status });
      for (const pending of [
        transport.requestJson({ path: '/chat/completions', body: jsonBody, model: 'mock-model' }),
        transport.streamSse({ path: '/chat/completions', body: streamBody, model: 'mock-model' }),
      ]) {
        const error = await rejectionOf(pending);
        expect(ProviderAPIError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ name, retryable, status, provider: 'openai', model: 'mock-model' });
        expect((error as ProviderAPIError).message).toMatch(/^mock-llm: /);
        expect((error as ProviderAPIError).requestId).toMatch(/^req_mock_/);
      }
    },
  );

  it('carries retryAfterMs from Retry-After and retry-after-ms', async () => {
    mock.enqueue(
      { kind: 'status', status: 429, retryAfter: '2' },
      { kind: 'status', status: 503, retryAfterMs: 1500 },
    );
    expect(
      await rejectionOf(transport.streamSse({ path: '/chat/completions', body: streamBody })),
    ).toMatchObject({
      name: 'RateLimitError',
      retryAfterMs: 2000,
    });
    expect(
      await rejectionOf(transport.requestJson({ path: '/chat/completions', body: jsonBody })),
    ).toMatchObject({
      name: 'ProviderAPIError',
      retryAfterMs: 1500,
    });
  });

  it('honours x-should-retry', async () => {
    mock.enqueue({ kind: 'status', status: 500, headers: { 'x-should-retry': 'false' } });
    expect(
      await rejectionOf(transport.requestJson({ path: '/chat/completions', body: jsonBody })),
    ).toMatchObject({
      retryable: false,
    });
  });

  it('recognises a context-length failure from the body', async () => {
    mock.enqueue({
      kind: 'status',
      status: 400,
      body: {
        error: {
          message: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.",
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
        },
      },
    });
    expect(
      await rejectionOf(transport.streamSse({ path: '/chat/completions', body: streamBody })),
    ).toMatchObject({
      name: 'ContextLengthError',
      code: 'context_length_exceeded',
      retryable: false,
    });
  });

  it('uses a provider’s own error-body parser', async () => {
    const custom = createTransport({
      provider: 'custom',
      baseUrl: mock.openaiBaseUrl,
      parseErrorBody: (body) => ({ message: `custom: ${JSON.stringify(body)}`, kind: 'model-not-found' }),
    });
    try {
      mock.enqueue({ kind: 'status', status: 400, body: { oops: 1 } });
      expect(
        await rejectionOf(custom.requestJson({ path: '/chat/completions', body: jsonBody })),
      ).toMatchObject({
        name: 'ModelNotFoundError',
        message: 'custom: {"oops":1}',
      });
    } finally {
      await custom.close();
    }
  });

  it('reads a plain-text error body as the message', async () => {
    mock.enqueue({
      kind: 'raw',
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<h1>Bad Gateway</h1>',
    });
    expect(
      await rejectionOf(transport.requestJson({ path: '/chat/completions', body: jsonBody })),
    ).toMatchObject({
      name: 'ProviderAPIError',
      status: 502,
      message: '<h1>Bad Gateway</h1>',
      retryable: true,
    });
  });

  it('reads at most 64 KiB of a huge error body, then closes that connection', async () => {
    await transport.close();
    await waitFor(() => mock.openConnections === 0);
    const huge = 'x'.repeat(4 * 1024 * 1024);
    mock.enqueue({ kind: 'raw', status: 500, headers: { 'content-type': 'text/plain' }, body: huge });
    const error = await rejectionOf(transport.requestJson({ path: '/chat/completions', body: jsonBody }));
    expect(error).toMatchObject({ name: 'ProviderAPIError', status: 500 });
    expect((error as Error).message.length).toBeLessThan(400);
    await waitFor(() => mock.openConnections === 0);
  });

  it('keeps the connection alive after a small error body', async () => {
    await transport.close();
    await waitFor(() => mock.openConnections === 0);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      mock.enqueue({ kind: 'status', status: 400 });
      await rejectionOf(transport.requestJson({ path: '/chat/completions', body: jsonBody }));
      // undici hands the socket back to its pool a tick after the body ends.
      await sleep(10);
    }
    expect(mock.openConnections).toBe(1);
  });

  it('rejects a 2xx reply that is not JSON with a ProviderAPIError that is not retryable', async () => {
    mock.enqueue({ kind: 'malformed-json', stream: false });
    const error = await rejectionOf(transport.requestJson({ path: '/chat/completions', body: jsonBody }));
    expect(error).toMatchObject({ name: 'ProviderAPIError', status: 200, retryable: false });
    expect((error as Error).message).toContain('not JSON');
  });
});
