import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport } from '../src/transport/transport-types.js';

const latencyMs = 1_500;

describe('hundreds of concurrent calls share one pool without queueing', () => {
  let mock: MockLlm;
  let transport: Transport;

  beforeAll(async () => {
    mock = await startMockLlm({ latency: { beforeHeadersMs: latencyMs } });
    transport = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
  });
  afterAll(async () => {
    await transport.close();
    await mock.close();
  });

  it('200 requests to a slow server all reach it before the first reply', async () => {
    const calls = Array.from({ length: 200 }, (_, index) =>
      transport.requestJson<{ choices: Array<{ message: { content: string } }> }>({
        path: '/chat/completions',
        body: { model: 'mock-model', messages: [{ role: 'user', content: `call ${index}` }] },
      }),
    );
    const responses = await Promise.all(calls);
    expect(responses.map((response) => response.body.choices[0]?.message.content)).toEqual(
      Array.from({ length: 200 }, (_, index) => `Echo: call ${index}`),
    );
    const arrivals = mock.requests.map((request) => request.receivedAt);
    expect(arrivals).toHaveLength(200);
    // A request queued behind another would arrive at least one latency period after the first.
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(latencyMs);
  });
});
