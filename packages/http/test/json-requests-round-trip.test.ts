import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';
import { expectNoUnhandledRejections, waitFor } from './support/socket-helpers.js';

describe('requestJson sends JSON and parses the reply', () => {
  let mock: MockLlm;
  expectNoUnhandledRejections();

  beforeAll(async () => {
    mock = await startMockLlm({ models: ['alpha', 'beta'] });
  });
  afterEach(() => mock.reset());
  afterAll(() => mock.close());

  it('POSTs the body once as JSON to baseUrl + path, with default and per-request headers', async () => {
    const transport = createTransport({
      provider: 'openai',
      baseUrl: `${mock.openaiBaseUrl}/`,
      headers: { 'OpenAI-Organization': 'org-default', 'X-Trace': 'default' },
    });
    try {
      const response = await transport.requestJson<{ choices: Array<{ message: { content: string } }> }>({
        path: '/chat/completions',
        body: { model: 'alpha', messages: [{ role: 'user', content: 'ping' }] },
        headers: { 'x-trace': 'per-request' },
      });
      expect(response.status).toBe(200);
      expect(response.body.choices[0]?.message.content).toBe('Echo: ping');
      expect(response.requestId).toMatch(/^req_mock_/);
      expect(response.headers['content-type']).toContain('application/json');
      const request = mock.requests[0];
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe('/v1/chat/completions');
      expect(request?.body).toEqual({ model: 'alpha', messages: [{ role: 'user', content: 'ping' }] });
      expect(request?.headers['content-type']).toBe('application/json');
      expect(request?.headers['openai-organization']).toBe('org-default');
      expect(request?.headers['x-trace']).toBe('per-request');
    } finally {
      await transport.close();
    }
  });

  it('GETs when there is no body', async () => {
    const transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    try {
      const response = await transport.requestJson<{ data: Array<{ id: string }> }>({ path: '/models' });
      expect(response.body.data.map((model) => model.id)).toEqual(['alpha', 'beta']);
      expect(mock.requests[0]?.method).toBe('GET');
      expect(mock.requests[0]?.headers['content-type']).toBeUndefined();
    } finally {
      await transport.close();
    }
  });

  it('opens no connection until the first request, and a new pool after close()', async () => {
    const transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    expect(mock.openConnections).toBe(0);
    await transport.requestJson({ path: '/models' });
    expect(mock.openConnections).toBe(1);
    await transport.close();
    await waitFor(() => mock.openConnections === 0);
    const again = await transport.requestJson<{ data: unknown[] }>({ path: '/models' });
    expect(again.body.data).toHaveLength(2);
    await transport.close();
    await waitFor(() => mock.openConnections === 0);
  });

  it('rejects a baseUrl that is not a URL at once', () => {
    expect(() => createTransport({ provider: 'openai', baseUrl: 'not a url' })).toThrow(TypeError);
  });

  it('rejects a connections count that is not a positive integer at once', () => {
    for (const connections of [0, -1, 2.5, Number.NaN]) {
      expect(() => createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl, connections })).toThrow(
        /connections must be a positive integer/,
      );
    }
  });
});
