import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport } from '../src/transport/transport-types.js';
import { expectNoUnhandledRejections } from './support/socket-helpers.js';

const chatBody = { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] };

interface Completion {
  choices: Array<{ message: { content: string } }>;
}

// undici hands a socket back one event-loop turn after its response; a client that sends its next request
// at once must wait for it rather than open another (see socket-reuse.ts).
describe('a caller that awaits each answer keeps to the sockets it has', () => {
  let mock: MockLlm;
  let transport: Transport;
  expectNoUnhandledRejections();

  const connectionsUsed = () => new Set(mock.requests.map((request) => request.connection)).size;

  beforeAll(async () => {
    mock = await startMockLlm();
  });
  afterEach(async () => {
    await transport.close();
    mock.reset();
  });
  afterAll(async () => {
    await mock.close();
  });

  it('20 calls one after another go over one socket', async () => {
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    for (let index = 0; index < 20; index++) {
      const response = await transport.requestJson<Completion>({ path: '/chat/completions', body: chatBody });
      expect(response.body.choices[0]?.message.content).toBe('Echo: hi');
    }
    expect(mock.requests).toHaveLength(20);
    expect(connectionsUsed()).toBe(1);
  });

  it('8 loops of 10 calls each hold 8 sockets, not 16', async () => {
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    mock.setDefault({ latency: { beforeHeadersMs: 2 } });
    const loop = async (lane: number) => {
      for (let index = 0; index < 10; index++) {
        const content = `lane ${lane} call ${index}`;
        const response = await transport.requestJson<Completion>({
          path: '/chat/completions',
          body: { ...chatBody, messages: [{ role: 'user', content }] },
        });
        expect(response.body.choices[0]?.message.content).toBe(`Echo: ${content}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, lane) => loop(lane)));
    mock.setDefault({ latency: {} });
    expect(mock.requests).toHaveLength(80);
    expect(connectionsUsed()).toBe(8);
  });

  it('streams read to their end leave their socket to the next stream', async () => {
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    for (let index = 0; index < 5; index++) {
      const stream = await transport.streamSse({
        path: '/chat/completions',
        body: { ...chatBody, stream: true },
      });
      let events = 0;
      for await (const _event of stream) events++;
      expect(events).toBeGreaterThan(1);
    }
    expect(connectionsUsed()).toBe(1);
  });

  it('an error status read whole leaves its socket to the next call', async () => {
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    mock.enqueue({ kind: 'status', status: 400 }, { kind: 'status', status: 400 });
    for (let index = 0; index < 2; index++) {
      await expect(
        transport.requestJson({ path: '/chat/completions', body: chatBody }),
      ).rejects.toMatchObject({
        status: 400,
      });
    }
    await transport.requestJson({ path: '/chat/completions', body: chatBody });
    expect(connectionsUsed()).toBe(1);
  });

  it('a stream closed half-read costs its socket, and the next call opens one without waiting on it', async () => {
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    mock.enqueue({ kind: 'text', chunks: ['a', 'b', 'c'], latency: { betweenChunksMs: 200 } });
    const stream = await transport.streamSse({
      path: '/chat/completions',
      body: { ...chatBody, stream: true },
    });
    expect(await stream.read()).not.toHaveLength(0);
    stream.close();
    const response = await transport.requestJson<Completion>({ path: '/chat/completions', body: chatBody });
    expect(response.body.choices[0]?.message.content).toBe('Echo: hi');
    expect(connectionsUsed()).toBe(2);
  });
});
