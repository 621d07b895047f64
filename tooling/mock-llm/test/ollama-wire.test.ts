import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockLlm } from '../src/index.js';
import { embedText, startMockLlm } from '../src/index.js';
import { chatBody, getText, postJson } from './http-client.js';
import { parseNdjson } from './wire-parsers.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm({ models: ['qwen3:4b', 'llama3.2:latest'] });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

describe('Ollama native API', () => {
  it('streams /api/chat as NDJSON when the body does not say stream: false', async () => {
    mock.enqueue({ kind: 'text', text: 'The sky is blue' });
    const response = await postJson(`${mock.url}/api/chat`, chatBody('why?'));
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    expect(response.text.endsWith('\n')).toBe(true);
    const lines = parseNdjson(response.text);
    const last = lines.at(-1) as Record<string, unknown>;
    expect(lines.slice(0, -1).every((line) => line.done === false)).toBe(true);
    expect(lines[0]).toEqual({
      model: 'test-model',
      created_at: expect.any(String),
      message: { role: 'assistant', content: 'The' },
      done: false,
    });
    expect(
      lines
        .slice(0, -1)
        .map((line) => (line.message as { content: string }).content)
        .join(''),
    ).toBe('The sky is blue');
    expect(last).toMatchObject({
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 1,
      eval_count: 4,
    });
    expect(typeof last.total_duration).toBe('number');
    expect(mock.requests[0]).toMatchObject({ wire: 'ollama', stream: true });
  });

  it('answers /api/chat with one object when stream is false', async () => {
    const response = await postJson(`${mock.url}/api/chat`, chatBody('hello', { stream: false }));
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.text)).toMatchObject({
      model: 'test-model',
      message: { role: 'assistant', content: 'Echo: hello' },
      done: true,
      done_reason: 'stop',
    });
  });

  it('sends tool calls complete, with object arguments, and thinking in its own field', async () => {
    mock.enqueue({
      kind: 'text',
      reasoning: 'Need the weather.',
      toolCalls: [{ name: 'get_weather', arguments: { city: 'Tokyo' } }],
    });
    const lines = parseNdjson((await postJson(`${mock.url}/api/chat`, chatBody('weather?'))).text);
    const messages = lines.map((line) => line.message as Record<string, unknown>);
    expect(messages.map((message) => message.thinking ?? '').join('')).toBe('Need the weather.');
    const withTools = messages.filter((message) => message.tool_calls !== undefined);
    expect(withTools).toHaveLength(1);
    expect(withTools[0]?.tool_calls).toEqual([
      { function: { name: 'get_weather', arguments: { city: 'Tokyo' } } },
    ]);
    expect(lines.at(-1)?.done).toBe(true);

    mock.enqueue({ kind: 'text', toolCalls: [{ name: 'f', arguments: { a: 1 } }], finishReason: 'length' });
    const whole = JSON.parse((await postJson(`${mock.url}/api/chat`, chatBody('x', { stream: false }))).text);
    expect(whole.message.tool_calls).toEqual([{ function: { name: 'f', arguments: { a: 1 } } }]);
    expect(whole.done_reason).toBe('length');
  });

  it('streams /api/generate with response and thinking fields', async () => {
    mock.enqueue({ kind: 'text', reasoning: 'We need', text: 'Hi you' });
    const lines = parseNdjson(
      (await postJson(`${mock.url}/api/generate`, { model: 'gpt-oss:20b', prompt: 'Hello' })).text,
    );
    expect(lines[0]).toEqual({
      model: 'gpt-oss:20b',
      created_at: expect.any(String),
      response: '',
      thinking: 'We',
      done: false,
    });
    expect(lines.map((line) => line.response).join('')).toBe('Hi you');
    expect(lines.map((line) => line.thinking ?? '').join('')).toBe('We need');
    expect(lines.at(-1)).toMatchObject({ response: '', done: true, done_reason: 'stop' });
    expect(lines.at(-1)?.message).toBeUndefined();

    const whole = JSON.parse(
      (await postJson(`${mock.url}/api/generate`, { model: 'm', prompt: 'Why blue?', stream: false })).text,
    );
    expect(whole).toMatchObject({ response: 'Echo: Why blue?', done: true, prompt_eval_count: 2 });
  });

  it('lists models at /api/tags', async () => {
    const tags = JSON.parse((await getText(`${mock.url}/api/tags`)).text);
    expect(tags.models.map((model: { name: string }) => model.name)).toEqual(['qwen3:4b', 'llama3.2:latest']);
    expect(tags.models[0]).toEqual({
      name: 'qwen3:4b',
      model: 'qwen3:4b',
      modified_at: expect.any(String),
      size: expect.any(Number),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      details: expect.objectContaining({ format: 'gguf', family: expect.any(String) }),
    });
  });

  it('embeds at /api/embed', async () => {
    const response = JSON.parse(
      (await postJson(`${mock.url}/api/embed`, { model: 'all-minilm', input: ['Why is the sky blue?', 'x'] }))
        .text,
    );
    expect(response).toEqual({
      model: 'all-minilm',
      embeddings: [embedText('Why is the sky blue?', 8), embedText('x', 8)],
      total_duration: expect.any(Number),
      load_duration: expect.any(Number),
      prompt_eval_count: 6,
    });
  });
});
