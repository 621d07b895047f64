import { createServer as createNetServer } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { createLLM } from '@core/session';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type RunningServer, serve } from '../src/index.js';

// One backend per wire, each its own mock, so a test sees which wire a request took and what it carried.
let openaiMock: MockLlm;
let anthropicMock: MockLlm;
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
  anthropic: createLLM('anthropic', {
    baseUrl: anthropicMock.url,
    apiKey: 'anthropic-test-key',
    model: 'claude-mock',
    maxRetries: 0,
  }),
  ollama: createLLM('ollama', { baseUrl: ollamaMock.url, model: 'qwen3:4b', maxRetries: 0 }),
  down: createLLM('openai-compatible', { baseUrl: `http://127.0.0.1:${closedPort}/v1`, maxRetries: 0 }),
});

beforeAll(async () => {
  [openaiMock, anthropicMock, ollamaMock, closedPort] = await Promise.all([
    startMockLlm({ models: ['gpt-mock', 'gpt-other'] }),
    startMockLlm({ models: ['claude-mock'] }),
    startMockLlm({ models: ['qwen3:4b'] }),
    findClosedPort(),
  ]);
  server = await serve({
    llms: makeLlms(),
    aliases: {
      fast: ['openai/gpt-mock', 'ollama/qwen3:4b'],
      sturdy: ['down/anything', 'ollama/qwen3:4b'],
      steady: ['openai/gpt-mock', 'anthropic/claude-mock'],
    },
    defaultLlm: 'openai',
    port: 0,
  });
});
afterAll(async () => {
  await server.close();
  await Promise.all([openaiMock.close(), anthropicMock.close(), ollamaMock.close()]);
});
beforeEach(() => {
  openaiMock.reset();
  anthropicMock.reset();
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
    const response = await chat('mistral/large');
    expect(response.statusCode).toBe(404);
    const error = response.json().error;
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    expect(error.message).toContain("'mistral'");
    expect(error.message).toContain('openai, anthropic, ollama, down');
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
    expect(ids).toEqual([
      'openai/gpt-mock',
      'openai/gpt-other',
      'anthropic/claude-mock',
      'ollama/qwen3:4b',
      'fast',
      'sturdy',
      'steady',
    ]);
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

describe('one gateway over OpenAI, Anthropic and Ollama backends', () => {
  const openaiClient = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const question = [{ role: 'user' as const, content: 'Capital of France?' }];

  it('the openai client reaches each backend on its own wire, with the model alone', async () => {
    openaiMock.enqueue({ kind: 'text', text: 'Paris, says openai' });
    anthropicMock.enqueue({ kind: 'text', text: 'Paris, says anthropic' });
    ollamaMock.enqueue({ kind: 'text', text: 'Paris, says ollama' });
    const client = openaiClient();
    const answers: Record<string, string | null | undefined> = {};
    for (const model of ['openai/gpt-mock', 'anthropic/claude-mock', 'ollama/qwen3:4b']) {
      const completion = await client.chat.completions.create({ model, messages: question });
      answers[model] = completion.choices[0]?.message.content;
    }
    expect(answers).toEqual({
      'openai/gpt-mock': 'Paris, says openai',
      'anthropic/claude-mock': 'Paris, says anthropic',
      'ollama/qwen3:4b': 'Paris, says ollama',
    });

    // Each mock saw exactly one request, on its own wire's path and in its own body shape.
    expect(openaiMock.requests.map(({ wire, path }) => ({ wire, path }))).toEqual([
      { wire: 'openai', path: '/v1/chat/completions' },
    ]);
    expect(openaiMock.requests[0]?.body).toMatchObject({
      model: 'gpt-mock',
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    expect(anthropicMock.requests.map(({ wire, path }) => ({ wire, path }))).toEqual([
      { wire: 'anthropic', path: '/v1/messages' },
    ]);
    // Anthropic requires max_tokens, so one is always sent; the key goes as x-api-key, not a bearer token.
    expect(anthropicMock.requests[0]?.body).toMatchObject({
      model: 'claude-mock',
      max_tokens: expect.any(Number),
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    expect(anthropicMock.requests[0]?.headers['x-api-key']).toBe('anthropic-test-key');
    expect(anthropicMock.requests[0]?.headers['anthropic-version']).toBeDefined();
    expect(ollamaMock.requests.map(({ wire, path }) => ({ wire, path }))).toEqual([
      { wire: 'ollama', path: '/api/chat' },
    ]);
    expect(ollamaMock.requests[0]?.body).toMatchObject({
      model: 'qwen3:4b',
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
  });

  it('an alias falls back from an OpenAI-wire primary answering 500 to an Anthropic-wire secondary', async () => {
    openaiMock.enqueue({ kind: 'status', status: 500 });
    anthropicMock.enqueue({ kind: 'text', text: 'rescued by anthropic' });
    const completion = await openaiClient().chat.completions.create({ model: 'steady', messages: question });
    expect(completion.choices[0]?.message.content).toBe('rescued by anthropic');
    expect(openaiMock.requests.map(({ path }) => path)).toEqual(['/v1/chat/completions']);
    expect(anthropicMock.requests.map(({ path }) => path)).toEqual(['/v1/messages']);
    expect(modelSent(anthropicMock)).toBe('claude-mock');
    expect(ollamaMock.requests).toHaveLength(0);
  });

  it('a streamed answer from the Anthropic backend arrives intact through the openai client', async () => {
    // A multi-byte character split from its neighbours, and a chunk that is only whitespace.
    const chunks = ['Par', 'is, ', 'the capit', 'al — ', ' ', 'naïve ', '✓'];
    anthropicMock.enqueue({ kind: 'text', chunks, usage: { input: 5, output: 7 } });
    const stream = await openaiClient().chat.completions.create({
      model: 'anthropic/claude-mock',
      messages: question,
      stream: true,
      stream_options: { include_usage: true },
    });
    const parts: string[] = [];
    const finishReasons: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      parts.push(chunk.choices[0]?.delta.content ?? '');
      const finishReason = chunk.choices[0]?.finish_reason;
      if (finishReason) finishReasons.push(finishReason);
      usage ??= chunk.usage;
    }
    expect(parts.join('')).toBe(chunks.join(''));
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 });
    expect(anthropicMock.requests).toHaveLength(1);
    expect(anthropicMock.requests[0]).toMatchObject({ path: '/v1/messages', stream: true });
  });

  it('the Anthropic SDK on /v1/messages reaches each backend too, streamed through the Anthropic one', async () => {
    const client = new Anthropic({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
    openaiMock.enqueue({ kind: 'text', text: 'from openai' });
    ollamaMock.enqueue({ kind: 'text', text: 'from ollama' });
    for (const [model, text] of [
      ['openai/gpt-mock', 'from openai'],
      ['ollama/qwen3:4b', 'from ollama'],
    ] as const) {
      const message = await client.messages.create({ model, max_tokens: 50, messages: question });
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text })]);
    }
    const chunks = ['Bonjour', ', ', 'Ünïcode ', 'intact'];
    anthropicMock.enqueue({ kind: 'text', chunks });
    const stream = client.messages.stream({
      model: 'anthropic/claude-mock',
      max_tokens: 50,
      messages: question,
    });
    const final = await stream.finalMessage();
    expect(final.content).toEqual([expect.objectContaining({ type: 'text', text: chunks.join('') })]);
    expect(final.stop_reason).toBe('end_turn');
    expect(openaiMock.requests.map(({ path }) => path)).toEqual(['/v1/chat/completions']);
    expect(ollamaMock.requests.map(({ path }) => path)).toEqual(['/api/chat']);
    expect(anthropicMock.requests.map(({ path, stream: streamed }) => ({ path, streamed }))).toEqual([
      { path: '/v1/messages', streamed: true },
    ]);
  });
});
