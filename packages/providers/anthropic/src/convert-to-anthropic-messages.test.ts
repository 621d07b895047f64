import type { Message } from '@core/types';
import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

describe('convertToAnthropicMessages', () => {
  it('has no system field without a system message, and skips empty ones', () => {
    expect(convertToAnthropicMessages([{ role: 'user', content: 'hi' }]).system).toBeUndefined();
    expect(
      convertToAnthropicMessages([
        { role: 'system', content: '' },
        { role: 'user', content: 'hi' },
      ]).system,
    ).toBeUndefined();
  });

  it('leaves out thinking without a signature: the API could not verify it', () => {
    const { messages } = convertToAnthropicMessages([
      { role: 'user', content: 'hi' },
      {
        role: 'assistant',
        content: 'Hello.',
        reasoning: 'from another provider',
        reasoningBlocks: [{ text: 'from another provider' }],
      },
    ]);
    expect(messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Hello.' }] });
  });

  it('sends a tool call whose arguments never parsed with the empty input it became', () => {
    const { messages } = convertToAnthropicMessages([
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 't1', name: 'f', arguments: {}, invalidArguments: '{"a":' }],
      },
    ]);
    expect(messages[0]?.content).toEqual([{ type: 'tool_use', id: 't1', name: 'f', input: {} }]);
  });

  it('does not add empty text blocks when merging turns', () => {
    const { messages } = convertToAnthropicMessages([
      { role: 'user', content: '' },
      { role: 'user', content: 'hi' },
    ]);
    expect(messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('names image formats from their bytes and reads non-base64 data URLs', () => {
    const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38]);
    const { messages } = convertToAnthropicMessages([
      {
        role: 'user',
        content: [
          { type: 'image', image: webp },
          { type: 'image', image: gif },
          { type: 'image', image: gif, mediaType: 'image/png' },
          { type: 'image', image: 'data:image/svg+xml,%3Csvg%3E' },
        ],
      },
    ]);
    const sources = (
      (messages[0]?.content ?? []) as Array<{ source: { media_type?: string; data?: string } }>
    ).map((block) => block.source);
    expect(sources.map((source) => source.media_type)).toEqual([
      'image/webp',
      'image/gif',
      'image/png',
      'image/svg+xml',
    ]);
    expect(Buffer.from(sources[3]?.data ?? '', 'base64').toString()).toBe('<svg>');
  });

  it('never changes the caller’s messages', () => {
    const messages: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'a' }] },
      { role: 'user', content: 'b' },
      { role: 'tool', toolCallId: 't', content: 'c' },
    ];
    const snapshot = structuredClone(messages);
    convertToAnthropicMessages(messages);
    expect(messages).toEqual(snapshot);
  });
});
