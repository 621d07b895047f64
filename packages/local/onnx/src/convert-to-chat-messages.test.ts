import { InvalidRequestError } from '@core/types';
import { describe, expect, it } from 'vitest';
import { convertToChatMessages } from './convert-to-chat-messages.js';

describe('convertToChatMessages', () => {
  it('keeps roles and joins text parts', () => {
    expect(
      convertToChatMessages(
        [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Hello, ' },
              { type: 'text', text: 'there' },
            ],
          },
          { role: 'assistant', content: 'Hi.' },
        ],
        'm',
      ),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello, there' },
      { role: 'assistant', content: 'Hi.' },
    ]);
  });

  it('writes tool calls and results as text, as prompted tools read them', () => {
    expect(
      convertToChatMessages(
        [
          { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'add', arguments: { a: 1 } }] },
          { role: 'tool', toolCallId: 'c1', toolName: 'add', content: '2' },
        ],
        'm',
      ),
    ).toEqual([
      { role: 'assistant', content: '{"tool_calls":[{"name":"add","arguments":{"a":1}}]}' },
      { role: 'user', content: 'Result of the tool add: 2' },
    ]);
  });

  it('refuses image parts with an InvalidRequestError', () => {
    expect(() =>
      convertToChatMessages([{ role: 'user', content: [{ type: 'image', image: 'https://x/y.png' }] }], 'm'),
    ).toThrow(expect.objectContaining({ code: 'images_unsupported' }));
    try {
      convertToChatMessages([{ role: 'user', content: [{ type: 'image', image: 'https://x/y.png' }] }], 'm');
    } catch (error) {
      expect(InvalidRequestError.isInstance(error)).toBe(true);
    }
  });
});
