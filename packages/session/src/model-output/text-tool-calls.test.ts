import type { ToolSpec } from '@core/types';
import { describe, expect, it } from 'vitest';
import { createToolCallHoldback, parseTextToolCalls } from './text-tool-calls.js';

const tools: ToolSpec[] = [
  { name: 'get_weather', parameters: { type: 'object' } },
  { name: 'get_time', parameters: { type: 'object' } },
];

interface Call {
  name: string;
  arguments: Record<string, unknown>;
}

const weather: Call = { name: 'get_weather', arguments: { city: 'Paris' } };
const time: Call = { name: 'get_time', arguments: { zone: 'UTC' } };

// Each format as models write it, with the calls and the content it must give.
const written: Array<[string, string, Call[], string]> = [
  [
    'Qwen/Hermes',
    '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>',
    [weather],
    '',
  ],
  [
    'Qwen/Hermes, two calls after prose',
    'Let me check both.\n<tool_call>{"name":"get_weather","arguments":{"city":"Paris"}}</tool_call>\n<tool_call>{"name":"get_time","arguments":{"zone":"UTC"}}</tool_call>',
    [weather, time],
    'Let me check both.',
  ],
  [
    'Llama 3',
    '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}<|eom_id|>',
    [weather],
    '',
  ],
  [
    'Llama 3, two calls',
    '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}; {"name": "get_time", "parameters": {"zone": "UTC"}}',
    [weather, time],
    '',
  ],
  ['Mistral', '[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}}]', [weather], ''],
  ['Mistral v11', '[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}', [weather], ''],
  ['bare JSON', '{"name": "get_weather", "arguments": {"city": "Paris"}}', [weather], ''],
  [
    'bare JSON, string arguments',
    '{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}',
    [weather],
    '',
  ],
  [
    'array of calls',
    '[{"name":"get_weather","arguments":{"city":"Paris"}},{"name":"get_time","arguments":{"zone":"UTC"}}]',
    [weather, time],
    '',
  ],
  [
    'prompted tool_calls, fenced',
    'Sure.\n```json\n{"tool_calls": [{"name": "get_weather", "arguments": {"city": "Paris"}}]}\n```',
    [weather],
    'Sure.',
  ],
];

// Text that must stay content: braces in prose, a JSON answer, a call to a tool that was not offered.
const prose = [
  'Use {name} as a placeholder, and [1, 2] as a list.',
  '{"city": "Paris", "temperature": 21}',
  '<b>bold</b> and `code` and [a link](http://x)',
  '{"name": "delete_everything", "arguments": {}}',
  'The answer is 42.',
  '<tool_call>{"name": "get_weather", "arguments": {"city": </tool_call>',
];

function streamThrough(pieces: string[]): { shown: string; held: string } {
  const holdback = createToolCallHoldback();
  let shown = '';
  for (const piece of pieces) shown += holdback.push(piece);
  return { shown, held: holdback.end() };
}

function cuttings(text: string): string[][] {
  const ways = [[...text]];
  for (let at = 0; at <= text.length; at++) ways.push([text.slice(0, at), text.slice(at)]);
  return ways;
}

describe('parseTextToolCalls', () => {
  it.each(written)('reads %s', (_format, text, calls, content) => {
    const parsed = parseTextToolCalls(text, tools, 'call_x');
    expect(parsed.toolCalls.map(({ name, arguments: args }) => ({ name, arguments: args }))).toEqual(calls);
    expect(parsed.toolCalls.map((call) => call.id)).toEqual(calls.map((_, index) => `call_x_${index + 1}`));
    expect(parsed.content).toBe(content);
  });

  it.each(prose)('leaves text that is no call to an offered tool as it is: %j', (text) => {
    expect(parseTextToolCalls(text, tools, 'call_x')).toEqual({ content: text, toolCalls: [] });
  });
});

describe('createToolCallHoldback', () => {
  it.each(written)(
    'never shows %s call text, wherever the chunks are cut',
    (_format, text, _calls, content) => {
      for (const pieces of cuttings(text)) {
        const { shown, held } = streamThrough(pieces);
        expect(shown + held).toBe(text);
        // What was shown is the content a whole answer keeps before the call (less its line end).
        expect(shown.trimEnd()).toBe(content);
        expect(parseTextToolCalls(shown + held, tools, 'c').content).toBe(content);
      }
    },
  );

  it.each(prose)('shows prose with braces as it is: %j', (text) => {
    for (const pieces of cuttings(text)) {
      const { shown, held } = streamThrough(pieces);
      expect(shown + held).toBe(text);
    }
    // Once the text is complete, only what is really a call start stays held.
    const { shown } = streamThrough([text, ' and more.']);
    if (!text.includes('<tool_call>') && !text.includes('"name"')) expect(shown).toBe(`${text} and more.`);
  });
});
