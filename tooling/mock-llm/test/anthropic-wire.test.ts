import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockLlm } from '../src/index.js';
import { mockResponseId, startMockLlm } from '../src/index.js';
import { chatBody, getText, postJson } from './http-client.js';
import { parseSse } from './wire-parsers.js';

let mock: MockLlm;
const anthropicHeaders = { 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-test' };

beforeAll(async () => {
  mock = await startMockLlm({ models: ['claude-mock'] });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function messages(body: Record<string, unknown>) {
  return postJson(`${mock.url}/v1/messages`, body, { headers: anthropicHeaders });
}

function streamEvents(text: string): Array<{ event: string | undefined; payload: Record<string, unknown> }> {
  return parseSse(text).map((event) => ({ event: event.event, payload: JSON.parse(event.data) }));
}

describe('Anthropic Messages', () => {
  it('answers a non-stream request with a message and records the api key header', async () => {
    const response = await messages(chatBody('Hello Claude', { max_tokens: 100, system: 'Be brief.' }));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({
      id: mockResponseId('anthropic', mock.requests[0]?.id ?? -1),
      type: 'message',
      role: 'assistant',
      model: 'test-model',
      content: [{ type: 'text', text: 'Echo: Hello Claude' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 4, output_tokens: 3 },
    });
    expect(mock.requests[0]).toMatchObject({ wire: 'anthropic', stream: false, path: '/v1/messages' });
    expect(mock.requests[0]?.headers['x-api-key']).toBe('sk-ant-test');
  });

  it('streams named events from message_start to message_stop with a ping', async () => {
    mock.enqueue({ kind: 'text', text: 'Hi there friend' });
    const response = await messages(chatBody('x', { stream: true, max_tokens: 10 }));
    expect(response.headers['content-type']).toBe('text/event-stream');
    const events = streamEvents(response.text);
    for (const { event, payload } of events) expect(event).toBe(payload.type);
    const types = events.map(({ event }) => event);
    expect(types[0]).toBe('message_start');
    expect(types).toContain('ping');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    const start = events[0]?.payload.message as Record<string, unknown>;
    expect(start).toMatchObject({
      id: mockResponseId('anthropic', mock.requests[0]?.id ?? -1),
      type: 'message',
      role: 'assistant',
      content: [],
      usage: { input_tokens: 1 },
    });
    const text = events
      .filter(({ payload }) => payload.type === 'content_block_delta')
      .map(({ payload }) => (payload.delta as { text: string }).text)
      .join('');
    expect(text).toBe('Hi there friend');
    expect(events.at(-2)?.payload).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 3 },
    });
  });

  it('streams thinking with a signature, then text, then a tool_use with partial_json pieces', async () => {
    const input = { query: 'weather in Paris', limit: 3 };
    mock.enqueue({
      kind: 'text',
      reasoning: 'I should look it up.',
      reasoningSignature: 'sig-123',
      text: 'Checking.',
      toolCalls: [{ id: 'toolu_1', name: 'search', arguments: input }],
    });
    const events = streamEvents((await messages(chatBody('x', { stream: true }))).text);
    const starts = events
      .filter(({ event }) => event === 'content_block_start')
      .map(({ payload }) => payload);
    expect(starts.map((start) => (start.content_block as { type: string }).type)).toEqual([
      'thinking',
      'text',
      'tool_use',
    ]);
    expect(starts[2]).toEqual({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'search', input: {} },
    });
    const deltas = events
      .filter(({ event }) => event === 'content_block_delta')
      .map(({ payload }) => payload);
    const byType = (type: string) =>
      deltas.map((delta) => delta.delta as Record<string, string>).filter((delta) => delta.type === type);
    expect(
      byType('thinking_delta')
        .map((delta) => delta.thinking)
        .join(''),
    ).toBe('I should look it up.');
    expect(byType('signature_delta')).toEqual([{ type: 'signature_delta', signature: 'sig-123' }]);
    const partial = byType('input_json_delta').map((delta) => delta.partial_json);
    expect(partial[0]).toBe('');
    expect(partial.length).toBeGreaterThan(2);
    expect(JSON.parse(partial.join(''))).toEqual(input);
    expect(events.filter(({ event }) => event === 'content_block_stop')).toHaveLength(3);
    expect(events.at(-2)?.payload.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
  });

  it('returns thinking, text and tool_use blocks in a non-stream message', async () => {
    mock.enqueue({
      kind: 'text',
      reasoning: 'Hmm.',
      text: 'Sure.',
      toolCalls: [{ name: 'lookup', arguments: { id: 7 } }],
      usage: { input: 20, output: 9, cached: 5 },
    });
    const message = JSON.parse((await messages(chatBody('x'))).text);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Hmm.', signature: expect.any(String) },
      { type: 'text', text: 'Sure.' },
      { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'lookup', input: { id: 7 } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toEqual({ input_tokens: 20, cache_read_input_tokens: 5, output_tokens: 9 });
  });

  it('maps finish reasons to max_tokens and stop_sequence', async () => {
    mock.enqueue({ kind: 'text', text: 'cut', finishReason: 'length' });
    mock.enqueue({ kind: 'text', text: 'done', stopSequence: 'END' });
    const first = JSON.parse((await messages(chatBody('x', { stop_sequences: ['END'] }))).text);
    const second = JSON.parse((await messages(chatBody('x', { stop_sequences: ['END'] }))).text);
    expect(first.stop_reason).toBe('max_tokens');
    expect(second).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
  });

  it('lists models in the Anthropic shape when the request carries anthropic-version', async () => {
    const list = JSON.parse((await getText(`${mock.url}/v1/models`, anthropicHeaders)).text);
    expect(list).toEqual({
      data: [
        { type: 'model', id: 'claude-mock', display_name: 'claude-mock', created_at: expect.any(String) },
      ],
      has_more: false,
      first_id: 'claude-mock',
      last_id: 'claude-mock',
    });
    expect(mock.requests[0]?.wire).toBe('anthropic');
  });
});
