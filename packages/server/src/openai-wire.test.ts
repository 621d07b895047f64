import type { GenerateResponse } from '@core/types';
import { describe, expect, it } from 'vitest';
import {
  toChatCompletion,
  toGenerateOptions,
  toMessages,
  toWireFinishReason,
  toWireToolCall,
  toWireUsage,
} from './openai-wire.js';
import { RequestError } from './request-error.js';

describe('toMessages', () => {
  it('maps system and developer to system, joining text parts', () => {
    expect(
      toMessages([
        { role: 'system', content: 'a' },
        {
          role: 'developer',
          content: [
            { type: 'text', text: 'b' },
            { type: 'text', text: 'c' },
          ],
        },
      ]),
    ).toEqual([
      { role: 'system', content: 'a' },
      { role: 'system', content: 'bc' },
    ]);
  });

  it('keeps user parts, images by URL', () => {
    expect(
      toMessages([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what is this?' },
          { type: 'image', image: 'data:image/png;base64,AAAA' },
        ],
      },
    ]);
  });

  it('parses assistant tool call arguments once, keeping text that is not a JSON object', () => {
    const [message] = toMessages([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
          { id: 'b', type: 'function', function: { name: 'g', arguments: '{"x":' } },
          { id: 'c', type: 'function', function: { name: 'h', arguments: '' } },
        ],
      },
    ]);
    expect(message).toEqual({
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: 'a', name: 'f', arguments: { x: 1 } },
        { id: 'b', name: 'g', arguments: {}, invalidArguments: '{"x":' },
        { id: 'c', name: 'h', arguments: {} },
      ],
    });
  });

  it("gives a tool result its tool's name, found by call id", () => {
    const messages = toMessages([
      {
        role: 'assistant',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'done' }] },
      { role: 'tool', tool_call_id: 'unknown', content: 'x' },
    ]);
    expect(messages.slice(1)).toEqual([
      { role: 'tool', toolCallId: 'call_1', toolName: 'f', content: 'done' },
      { role: 'tool', toolCallId: 'unknown', content: 'x' },
    ]);
  });

  it('refuses content parts it cannot carry, naming where', () => {
    const attempt = () => toMessages([{ role: 'user', content: [{ type: 'file' }] }]);
    expect(attempt).toThrow(RequestError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, param: 'messages[0].content[0]' });
    }
  });
});

describe('toGenerateOptions', () => {
  const base = { messages: [{ role: 'user' as const, content: 'hi' }] };

  it('maps sampling options, preferring max_completion_tokens and ignoring nulls', () => {
    expect(
      toGenerateOptions({
        ...base,
        model: 'm',
        temperature: 0,
        top_p: null,
        max_tokens: 10,
        max_completion_tokens: 20,
        stop: 'x',
        seed: 3,
      }),
    ).toEqual({ model: 'm', temperature: 0, maxTokens: 20, stop: 'x', seed: 3 });
  });

  it('maps tools (a tool without parameters takes none) and tool_choice', () => {
    const options = toGenerateOptions({
      ...base,
      tools: [{ type: 'function', function: { name: 'now', description: 'The time' } }],
      tool_choice: { type: 'function', function: { name: 'now' } },
    });
    expect(options.tools).toEqual([
      { name: 'now', description: 'The time', parameters: { type: 'object', properties: {} } },
    ]);
    expect(options.toolChoice).toEqual({ name: 'now' });
    expect(toGenerateOptions({ ...base, tool_choice: 'none' }).toolChoice).toBe('none');
  });

  it('turns response_format into responseFormat for every provider, and ignores text', () => {
    const format = { type: 'json_schema' as const, json_schema: { name: 'a', schema: { type: 'object' } } };
    expect(toGenerateOptions({ ...base, response_format: format }).responseFormat).toEqual({
      type: 'json',
      schema: { type: 'object' },
      name: 'a',
    });
    expect(toGenerateOptions({ ...base, response_format: { type: 'json_object' } }).responseFormat).toEqual({
      type: 'json',
    });
    expect(toGenerateOptions({ ...base, response_format: { type: 'text' } }).responseFormat).toBeUndefined();
  });
});

describe('wire values', () => {
  it('maps finish reasons onto OpenAI values', () => {
    expect(toWireFinishReason('length')).toBe('length');
    expect(toWireFinishReason('tool_calls')).toBe('tool_calls');
    expect(toWireFinishReason('content_filter')).toBe('content_filter');
    expect(toWireFinishReason('other')).toBe('stop');
  });

  it('writes usage only when both counts are known, never zeros for unknowns', () => {
    expect(toWireUsage({ inputTokens: undefined, outputTokens: 3, totalTokens: undefined })).toBeUndefined();
    expect(toWireUsage(undefined)).toBeUndefined();
    expect(
      toWireUsage({
        inputTokens: 4,
        outputTokens: 3,
        totalTokens: undefined,
        cachedInputTokens: 2,
        reasoningTokens: 1,
      }),
    ).toEqual({
      prompt_tokens: 4,
      completion_tokens: 3,
      total_tokens: 7,
      prompt_tokens_details: { cached_tokens: 2 },
      completion_tokens_details: { reasoning_tokens: 1 },
    });
  });

  it("writes a tool call's arguments as JSON, or the model's own broken text", () => {
    expect(toWireToolCall({ id: 'a', name: 'f', arguments: { x: 1 } }).function.arguments).toBe('{"x":1}');
    expect(
      toWireToolCall({ id: 'a', name: 'f', arguments: {}, invalidArguments: '{x' }).function.arguments,
    ).toBe('{x');
  });

  it('answers null content when the model only called tools, and carries reasoning', () => {
    const response = {
      content: '',
      model: 'm',
      finishReason: 'tool_calls',
      usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
      toolCalls: [{ id: 'a', name: 'f', arguments: {} }],
      reasoning: 'thinking',
    } as unknown as GenerateResponse;
    const completion = toChatCompletion(response, { id: 'chatcmpl-1', created: 5 });
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }],
      reasoning_content: 'thinking',
    });
    expect(completion.usage).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
  });
});
