import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockLlm } from '../src/index.js';
import { embedText, mockResponseId, startMockLlm } from '../src/index.js';
import { chatBody, getText, postJson } from './http-client.js';
import { parseOpenAiSse } from './wire-parsers.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm({ models: ['gpt-mock', 'gpt-mock-mini'] });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

type Delta = Record<string, unknown> & { tool_calls?: Array<Record<string, unknown>> };

function deltasOf(chunks: Array<Record<string, unknown>>): Delta[] {
  return chunks.flatMap((chunk) => (chunk.choices as Array<{ delta: Delta }>).map((choice) => choice.delta));
}

describe('OpenAI Chat Completions', () => {
  it('answers a non-stream request with a chat.completion echoing the prompt', async () => {
    const response = await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody('What is Python?'));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const completion = JSON.parse(response.text);
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'test-model',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Echo: What is Python?' }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
    expect(completion.id).toBe(mockResponseId('openai', mock.requests[0]?.id ?? -1));
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.usage.prompt_tokens_details).toBeUndefined();
  });

  it('streams chat.completion.chunk events with role first, finish_reason last, then [DONE]', async () => {
    mock.enqueue({ kind: 'text', text: 'Hello there, world' });
    const response = await postJson(`${mock.url}/v1/chat/completions`, chatBody('hi', { stream: true }));
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.text.endsWith('data: [DONE]\n\n')).toBe(true);
    const { chunks, done } = parseOpenAiSse(response.text);
    expect(done).toBe(true);
    for (const chunk of chunks) {
      expect(Object.keys(chunk)).toEqual(['id', 'object', 'created', 'model', 'choices']);
      expect(chunk.object).toBe('chat.completion.chunk');
      expect(chunk.id).toBe(mockResponseId('openai', mock.requests[0]?.id ?? -1));
    }
    const deltas = deltasOf(chunks);
    expect(deltas[0]).toEqual({ role: 'assistant', content: 'Hello' });
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe('Hello there, world');
    expect(deltas.slice(0, -1).map((delta) => delta.content)).toEqual(['Hello', ' there,', ' world']);
    const last = chunks.at(-1)?.choices as Array<Record<string, unknown>>;
    expect(last[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
  });

  it('adds one usage chunk with empty choices when stream_options.include_usage is set', async () => {
    mock.enqueue({ kind: 'text', text: 'a b c', usage: { input: 11, output: 3, cached: 4, reasoning: 2 } });
    const body = chatBody('hi', { stream: true, stream_options: { include_usage: true } });
    const { chunks } = parseOpenAiSse((await postJson(`${mock.openaiBaseUrl}/chat/completions`, body)).text);
    const usageChunks = chunks.filter((chunk) => chunk.usage !== undefined);
    expect(usageChunks).toHaveLength(1);
    expect(chunks.at(-1)).toBe(usageChunks[0]);
    expect(usageChunks[0]?.choices).toEqual([]);
    expect(usageChunks[0]?.usage).toEqual({
      prompt_tokens: 11,
      completion_tokens: 3,
      total_tokens: 14,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
  });

  it('streams tool calls with their arguments split across several deltas', async () => {
    const toolArguments = { city: 'Paris', units: 'metric', days: [1, 2, 3] };
    mock.enqueue({
      kind: 'text',
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: toolArguments }],
    });
    const body = chatBody('weather?', { stream: true });
    const { chunks } = parseOpenAiSse((await postJson(`${mock.openaiBaseUrl}/chat/completions`, body)).text);
    const deltas = deltasOf(chunks);
    const toolDeltas = deltas.flatMap((delta) => delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(deltas[0]).toMatchObject({ role: 'assistant', content: null });
    const pieces = toolDeltas.slice(1).map((delta) => (delta.function as { arguments: string }).arguments);
    expect(pieces.length).toBeGreaterThan(1);
    expect(JSON.parse(pieces.join(''))).toEqual(toolArguments);
    const finish = chunks.at(-1)?.choices as Array<{ finish_reason: string }>;
    expect(finish[0]?.finish_reason).toBe('tool_calls');
  });

  it('returns tool calls and reasoning in a non-stream message', async () => {
    mock.enqueue({
      kind: 'text',
      text: 'Let me check.',
      reasoning: 'The user wants weather.',
      reasoningField: 'reasoning',
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }],
    });
    const completion = JSON.parse(
      (await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody('x'))).text,
    );
    const message = completion.choices[0].message;
    expect(message.content).toBe('Let me check.');
    expect(message.reasoning).toBe('The user wants weather.');
    expect(message.tool_calls).toEqual([
      {
        id: expect.any(String),
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
      },
    ]);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
  });

  it('streams reasoning as reasoning_content deltas before the content', async () => {
    mock.enqueue({ kind: 'text', text: 'Four.', reasoning: 'Two plus two is four.', finishReason: 'length' });
    const body = chatBody('2+2?', { stream: true });
    const { chunks } = parseOpenAiSse((await postJson(`${mock.openaiBaseUrl}/chat/completions`, body)).text);
    const deltas = deltasOf(chunks);
    expect(deltas[0]).toEqual({ role: 'assistant', content: null, reasoning_content: 'Two' });
    expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toBe('Two plus two is four.');
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe('Four.');
    const finish = chunks.at(-1)?.choices as Array<{ finish_reason: string }>;
    expect(finish[0]?.finish_reason).toBe('length');
  });

  it('streams the exact chunks a reply gives', async () => {
    mock.enqueue({ kind: 'text', chunks: ['Hel', 'lo', ' wo', 'rld'] });
    const body = chatBody('hi', { stream: true });
    const { chunks } = parseOpenAiSse((await postJson(`${mock.openaiBaseUrl}/chat/completions`, body)).text);
    expect(deltasOf(chunks).map((delta) => delta.content)).toEqual(['Hel', 'lo', ' wo', 'rld', undefined]);
  });

  it('accepts the path without /v1', async () => {
    const response = await postJson(`${mock.url}/chat/completions`, chatBody('no prefix'));
    expect(JSON.parse(response.text).choices[0].message.content).toBe('Echo: no prefix');
  });

  it('lists the configured models', async () => {
    const list = JSON.parse((await getText(`${mock.openaiBaseUrl}/models`)).text);
    expect(list).toEqual({
      object: 'list',
      data: [
        { id: 'gpt-mock', object: 'model', created: expect.any(Number), owned_by: 'mock-llm' },
        { id: 'gpt-mock-mini', object: 'model', created: expect.any(Number), owned_by: 'mock-llm' },
      ],
    });
  });

  it('returns deterministic embeddings with usage', async () => {
    const body = { model: 'embed-mock', input: ['alpha', 'beta gamma'] };
    const first = JSON.parse((await postJson(`${mock.openaiBaseUrl}/embeddings`, body)).text);
    const second = JSON.parse((await postJson(`${mock.openaiBaseUrl}/embeddings`, body)).text);
    expect(first).toEqual(second);
    expect(first.object).toBe('list');
    expect(first.model).toBe('embed-mock');
    expect(first.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(first.data).toHaveLength(2);
    expect(first.data[0]).toEqual({ object: 'embedding', index: 0, embedding: embedText('alpha', 8) });
    expect(first.data[0].embedding).toHaveLength(8);
    expect(first.data[0].embedding).not.toEqual(first.data[1].embedding);
    const custom = JSON.parse(
      (await postJson(`${mock.openaiBaseUrl}/embeddings`, { input: 'x', dimensions: 3 })).text,
    );
    expect(custom.data[0].embedding).toHaveLength(3);
  });

  it('answers unknown paths with a 404 JSON error', async () => {
    const response = await postJson(`${mock.url}/v1/unknown`, {});
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text).error.message).toContain('/v1/unknown');
  });

  it('rejects a generation body that is not JSON with a 400 in the wire shape', async () => {
    const response = await request(`${mock.openaiBaseUrl}/chat/completions`, {
      method: 'POST',
      body: 'not json',
    });
    expect(response.statusCode).toBe(400);
    expect((await response.body.json()) as unknown).toMatchObject({
      error: { type: 'invalid_request_error' },
    });
    expect(mock.requests[0]?.body).toBe('not json');
  });
});
