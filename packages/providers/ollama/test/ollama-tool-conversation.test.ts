import type { Message } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bodyOf, collect, ollamaAt } from './helpers.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const getWeather = {
  name: 'get_weather',
  description: 'Get the weather in a given city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', description: 'The city to get the weather for' } },
    required: ['city'],
  },
};

// The second request must read like ollama-api.md's "Chat request (With history, with tools)".
const expectedSecondTurn = [
  { role: 'user', content: 'what is the weather in Toronto?' },
  {
    role: 'assistant',
    content: '',
    tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Toronto' } } }],
  },
  { role: 'tool', content: '11 degrees celsius', tool_name: 'get_weather' },
];

describe('a two-turn tool conversation in Ollama wire shape', () => {
  for (const stream of [false, true]) {
    it(`sends the assistant's tool_calls and the tool result back (${stream ? 'stream' : 'non-stream'})`, async () => {
      const llm = ollamaAt(mock);
      mock.enqueue(
        { kind: 'text', toolCalls: [{ name: 'get_weather', arguments: { city: 'Toronto' } }] },
        { kind: 'text', text: 'The current temperature in Toronto is 11°C.' },
      );
      const question: Message = { role: 'user', content: 'what is the weather in Toronto?' };

      let assistant: Message;
      if (stream) {
        const chunks = await collect(await llm.agenerate([question], { tools: [getWeather], stream: true }));
        const toolCalls = chunks.flatMap((chunk) => chunk.toolCalls ?? []);
        expect(chunks.at(-1)?.finishReason).toBe('tool_calls');
        assistant = { role: 'assistant', content: '', toolCalls };
      } else {
        const first = await llm.agenerate([question], { tools: [getWeather] });
        expect(first.finishReason).toBe('tool_calls');
        assistant = first.message;
      }
      expect(assistant.role === 'assistant' && assistant.toolCalls).toEqual([
        { id: 'call_1', name: 'get_weather', arguments: { city: 'Toronto' } },
      ]);
      expect(bodyOf(mock, 0).tools).toEqual([{ type: 'function', function: getWeather }]);

      // The result names only the call id: the adapter finds the tool's name from the assistant turn.
      const result: Message = { role: 'tool', toolCallId: 'call_1', content: '11 degrees celsius' };
      const second = await llm.agenerate([question, assistant, result], { tools: [getWeather] });
      expect(second.content).toBe('The current temperature in Toronto is 11°C.');
      expect(bodyOf(mock, 1).messages).toEqual(expectedSecondTurn);
      expect(bodyOf(mock, 1).stream).toBe(false);
    });
  }

  it('keeps a toolName the caller gave, and numbers several calls of one answer call_1, call_2', async () => {
    const llm = ollamaAt(mock);
    mock.enqueue({
      kind: 'text',
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'get_weather', arguments: { city: 'Rome' } },
      ],
    });
    const first = await llm.agenerate('weather in Paris and Rome?', { tools: [getWeather] });
    expect(first.toolCalls.map((call) => call.id)).toEqual(['call_1', 'call_2']);
    await llm.agenerate(
      [
        { role: 'user', content: 'weather in Paris and Rome?' },
        first.message,
        { role: 'tool', toolCallId: 'call_1', content: '20', toolName: 'get_weather' },
        { role: 'tool', toolCallId: 'call_2', content: '25' },
      ],
      { tools: [getWeather] },
    );
    const messages = bodyOf(mock, 1).messages as Array<Record<string, unknown>>;
    expect(messages.slice(2)).toEqual([
      { role: 'tool', content: '20', tool_name: 'get_weather' },
      { role: 'tool', content: '25', tool_name: 'get_weather' },
    ]);
  });
});
