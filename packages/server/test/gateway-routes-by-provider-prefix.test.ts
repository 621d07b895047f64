import { createServer as createNetServer } from 'node:net';
import { createLLM } from '@core/session';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type RunningServer, serve } from '../src/index.js';

let openaiMock: MockLlm;
let ollamaMock: MockLlm;
let server: RunningServer;
let closedPort: number;

async function findClosedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const makeLlms = () => ({
  openai: createLLM('openai-compatible', {
    baseUrl: openaiMock.openaiBaseUrl,
    model: 'gpt-mock',
    maxRetries: 0,
  }),
  ollama: createLLM('ollama', { baseUrl: ollamaMock.url, model: 'qwen3:4b', maxRetries: 0 }),
  down: createLLM('openai-compatible', { baseUrl: `http://127.0.0.1:${closedPort}/v1`, maxRetries: 0 }),
});

beforeAll(async () => {
  [openaiMock, ollamaMock, closedPort] = await Promise.all([
    startMockLlm({ models: ['gpt-mock', 'gpt-other'] }),
    startMockLlm({ models: ['qwen3:4b'] }),
    findClosedPort(),
  ]);
  server = await serve({
    llms: makeLlms(),
    aliases: {
      fast: ['openai/gpt-mock', 'ollama/qwen3:4b'],
      sturdy: ['down/anything', 'ollama/qwen3:4b'],
    },
    defaultLlm: 'openai',
    port: 0,
  });
});
afterAll(async () => {
  await server.close();
  await Promise.all([openaiMock.close(), ollamaMock.close()]);
});
beforeEach(() => {
  openaiMock.reset();
  ollamaMock.reset();
});

const modelSent = (mock: MockLlm): unknown =>
  (mock.requests[0]?.body as { model?: string } | undefined)?.model;

const chat = (model: string, extra: Record<string, unknown> = {}) =>
  server.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    payload: { model, messages: [{ role: 'user', content: 'hi' }], ...extra },
  });

describe('gateway routing', () => {
  it('sends provider/model to that provider with the model alone', async () => {
    ollamaMock.enqueue({ kind: 'text', text: 'from ollama' });
    const response = await chat('ollama/qwen3:4b');
    expect(response.statusCode).toBe(200);
    expect(response.json().choices[0].message.content).toBe('from ollama');
    expect(ollamaMock.requests).toHaveLength(1);
    expect(ollamaMock.requests[0]?.wire).toBe('ollama');
    expect(modelSent(ollamaMock)).toBe('qwen3:4b');
    expect(openaiMock.requests).toHaveLength(0);
  });

  it('sends a bare model name to the default provider', async () => {
    openaiMock.enqueue({ kind: 'text', text: 'from openai' });
    const response = await chat('gpt-other');
    expect(response.json().choices[0].message.content).toBe('from openai');
    expect(modelSent(openaiMock)).toBe('gpt-other');
  });

  it('routes /generate and /stream the same way', async () => {
    ollamaMock.enqueue({ kind: 'text', text: 'generated' }, { kind: 'text', chunks: ['stre', 'amed'] });
    const generated = await server.app.inject({
      method: 'POST',
      url: '/generate',
      payload: { prompt: 'hi', model: 'ollama/qwen3:4b' },
    });
    expect(generated.json()).toMatchObject({ response: 'generated' });
    const streamed = await server.app.inject({
      method: 'POST',
      url: '/stream',
      payload: { prompt: 'hi', model: 'ollama/qwen3:4b' },
    });
    expect(streamed.body).toContain('stre');
    expect(streamed.body).toContain('[DONE]');
    expect(ollamaMock.requests).toHaveLength(2);
    expect(openaiMock.requests).toHaveLength(0);
  });

  it('answers an unknown provider/ with a 404 in OpenAI shape naming the providers', async () => {
    const response = await chat('anthropic/claude-x');
    expect(response.statusCode).toBe(404);
    const error = response.json().error;
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    expect(error.message).toContain("'anthropic'");
    expect(error.message).toContain('openai, ollama, down');
    const generate = await server.app.inject({
      method: 'POST',
      url: '/generate',
      payload: { prompt: 'hi', model: 'nobody/x' },
    });
    expect(generate.statusCode).toBe(404);
  });

  it('an alias falls back from a primary answering 500 to the secondary', async () => {
    openaiMock.enqueue({ kind: 'status', status: 500 });
    ollamaMock.enqueue({ kind: 'text', text: 'rescued by ollama' });
    const response = await chat('fast');
    expect(response.statusCode).toBe(200);
    expect(response.json().choices[0].message.content).toBe('rescued by ollama');
    expect(modelSent(openaiMock)).toBe('gpt-mock');
    expect(modelSent(ollamaMock)).toBe('qwen3:4b');
  });

  it('an alias falls back from a primary that refuses connections, streaming too', async () => {
    ollamaMock.enqueue({ kind: 'text', chunks: ['still ', 'up'] });
    const response = await chat('sturdy', { stream: true });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('still ');
    expect(response.body).toContain('data: [DONE]');
  });

  it('an alias does not fall back on a 400', async () => {
    openaiMock.enqueue({ kind: 'status', status: 400 });
    const response = await chat('fast');
    expect(response.statusCode).toBe(400);
    expect(ollamaMock.requests).toHaveLength(0);
  });

  it('lists every provider model with its provider/ prefix, then the aliases', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/v1/models' });
    expect(response.statusCode).toBe(200);
    const ids = response.json().data.map((model: { id: string }) => model.id);
    expect(ids).toEqual(['openai/gpt-mock', 'openai/gpt-other', 'ollama/qwen3:4b', 'fast', 'sturdy']);
  });

  it('the official openai client drives a routed model, streamed and not', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    ollamaMock.enqueue({ kind: 'text', text: 'hello from qwen' }, { kind: 'text', chunks: ['a', 'b'] });
    const completion = await client.chat.completions.create({
      model: 'ollama/qwen3:4b',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('hello from qwen');
    const stream = await client.chat.completions.create({
      model: 'ollama/qwen3:4b',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const parts: string[] = [];
    for await (const chunk of stream) parts.push(chunk.choices[0]?.delta.content ?? '');
    expect(parts.join('')).toBe('ab');
    expect(openaiMock.requests).toHaveLength(0);
    const error = await client.chat.completions
      .create({ model: 'nobody/x', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('refuses options that cannot work, at once', () => {
    const llms = makeLlms();
    expect(() => createServer({ llms: {} })).toThrow(TypeError);
    expect(() => createServer({ llms, llm: llms.openai })).toThrow(TypeError);
    expect(() => createServer({ llms, defaultLlm: 'nobody' })).toThrow(/not one of llms/);
    expect(() => createServer({ llms, aliases: { fast: ['nobody/x'] } })).toThrow(/aliases\.fast/);
    expect(() => createServer({ llms: () => undefined })).toThrow(/defaultLlm/);
  });

  it('a resolver creates each provider LLM on first use and keeps it', async () => {
    const asked: string[] = [];
    const llms = makeLlms();
    const app = createServer({
      llms: (name) => {
        asked.push(name);
        return name === 'ollama' ? llms.ollama : name === 'openai' ? llms.openai : undefined;
      },
      defaultLlm: 'openai',
    });
    ollamaMock.enqueue({ kind: 'text', text: 'one' }, { kind: 'text', text: 'two' });
    for (const text of ['one', 'two']) {
      const response = await app.inject({
        method: 'POST',
        url: '/generate',
        payload: { prompt: 'hi', model: 'ollama/qwen3:4b' },
      });
      expect(response.json().response).toBe(text);
    }
    expect(asked).toEqual(['openai', 'ollama']);
    await app.close();
  });
});
