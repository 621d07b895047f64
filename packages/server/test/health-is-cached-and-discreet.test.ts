import { createServer as createTcpServer } from 'node:net';
import { createLLM } from '@core/session';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serve } from '../src/index.js';
import { type Stack, startStack } from './support/start-stack.js';

// `GET /health` needs no key. It used to call the provider's `/models` on every hit, and its error named the
// provider's host and port to anyone.

const modelListCalls = (stack: Stack) =>
  stack.mock.requests.filter((request) => request.path === '/v1/models').length;

describe('GET /health', () => {
  let stack: Stack;
  beforeAll(async () => {
    // A long max age, so the sharing below cannot depend on how fast a loaded machine answers 60 probes.
    stack = await startStack({ server: { healthMaxAge: 60_000 } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.mock.reset());

  it('shares one upstream check between concurrent probes, and reuses it for healthMaxAge ms', async () => {
    const probes = await Promise.all(Array.from({ length: 50 }, () => fetch(`${stack.url}/health`)));
    expect(probes.map((probe) => probe.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(await probes[0]?.json()).toMatchObject({ status: 'ok', provider: 'openai-compatible' });
    expect(modelListCalls(stack)).toBe(1);
    for (let index = 0; index < 10; index++) expect((await fetch(`${stack.url}/health`)).status).toBe(200);
    expect(modelListCalls(stack)).toBe(1);
    // Past healthMaxAge the next probe checks again (a server of its own, with a short max age).
    const running = await serve({ llm: stack.llm, port: 0, healthMaxAge: 200 });
    try {
      stack.mock.reset();
      await fetch(`${running.url}/health`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await fetch(`${running.url}/health`);
      expect(modelListCalls(stack)).toBe(2);
    } finally {
      await running.app.close();
    }
  });

  it('caches for 5 s by default', async () => {
    const running = await serve({ llm: stack.llm, port: 0 });
    try {
      stack.mock.reset();
      for (let index = 0; index < 20; index++) await fetch(`${running.url}/health`);
      expect(modelListCalls(stack)).toBe(1);
    } finally {
      // The LLM belongs to the stack: close only this server's app.
      await running.app.close();
    }
  });
});

describe('GET /health with the provider down', () => {
  let url: string;
  let deadPort: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    deadPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const llm = createLLM('openai-compatible', {
      baseUrl: `http://127.0.0.1:${deadPort}/v1`,
      model: 'mock-model',
      maxRetries: 0,
    });
    const running = await serve({ llm, port: 0, authToken: 'server-token', healthMaxAge: 0 });
    url = running.url;
    close = running.close;
  });
  afterAll(() => close());

  it('tells a caller without the token only "upstream unreachable"', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }] as Array<Record<string, string>>) {
      const response = await fetch(`${url}/health`, { headers });
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body).toMatchObject({ status: 'unavailable', error: 'upstream unreachable' });
      expect(JSON.stringify(body)).not.toContain(String(deadPort));
      expect(JSON.stringify(body)).not.toContain('127.0.0.1');
    }
  });

  it('tells a caller with the token what failed', async () => {
    const response = await fetch(`${url}/health`, { headers: { authorization: 'Bearer server-token' } });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error?: string };
    // The provider's own words, which name its address.
    expect(body.error).toContain('ECONNREFUSED');
    expect(body.error).toContain(String(deadPort));
  });
});
