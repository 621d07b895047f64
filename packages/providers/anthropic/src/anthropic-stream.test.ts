import type { SseEvent } from '@core/http';
import { type GenerateChunk, ProviderAPIError, ProviderConnectionError } from '@core/types';
import { describe, expect, it } from 'vitest';
import { createAnthropicStreamMapper } from './anthropic-stream.js';

function toEvent(payload: unknown): SseEvent {
  return { event: (payload as { type: string }).type, data: JSON.stringify(payload), id: undefined };
}

async function run(payloads: unknown[], jsonToolName?: string): Promise<GenerateChunk[]> {
  const chunks: GenerateChunk[] = [];
  const context = {
    provider: 'anthropic',
    model: 'm',
    ...(jsonToolName === undefined ? {} : { jsonToolName }),
  };
  // Each event as a read of its own, then the end of the body.
  const mapper = createAnthropicStreamMapper(context);
  for (const payload of payloads) mapper.push([toEvent(payload)], chunks);
  mapper.end(chunks);
  return chunks;
}

const start = {
  type: 'message_start',
  message: { model: 'claude-x', usage: { input_tokens: 5, output_tokens: 1 } },
};
const stop = (reason: string) => [
  { type: 'message_delta', delta: { stop_reason: reason }, usage: { output_tokens: 9 } },
  { type: 'message_stop' },
];
const toolUse = (index: number, name: string, fragments: string[], input: unknown = {}) => [
  {
    type: 'content_block_start',
    index,
    content_block: { type: 'tool_use', id: `toolu_${index}`, name, input },
  },
  ...fragments.map((partial_json) => ({
    type: 'content_block_delta',
    index,
    delta: { type: 'input_json_delta', partial_json },
  })),
  { type: 'content_block_stop', index },
];
const text = (index: number, pieces: string[]) => [
  { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
  ...pieces.map((piece) => ({
    type: 'content_block_delta',
    index,
    delta: { type: 'text_delta', text: piece },
  })),
  { type: 'content_block_stop', index },
];

describe('createAnthropicStreamMapper', () => {
  it('a stream without message_stop is a ProviderConnectionError, even after message_delta', async () => {
    const error = await run([start, ...text(0, ['hi']), stop('end_turn')[0]]).catch(
      (caught: unknown) => caught,
    );
    expect(ProviderConnectionError.isInstance(error)).toBe(true);
  });

  it('takes an input that arrives whole at block start, and keeps JSON that never parsed', async () => {
    const chunks = await run([
      start,
      ...toolUse(0, 'direct', [], { city: 'Paris' }),
      ...toolUse(1, 'broken', ['{"city":', '"Par']),
      ...stop('tool_use'),
    ]);
    expect(chunks.at(-1)?.toolCalls).toEqual([
      { id: 'toolu_0', name: 'direct', arguments: { city: 'Paris' } },
      { id: 'toolu_1', name: 'broken', arguments: {}, invalidArguments: '{"city":"Par' },
    ]);
  });

  it('ignores server tool blocks and events after message_stop', async () => {
    const chunks = await run([
      start,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'server_tool_use', id: 's', name: 'web_search' },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } },
      { type: 'content_block_stop', index: 0 },
      ...text(1, ['done']),
      ...stop('end_turn'),
      ...text(2, ['late']),
    ]);
    expect(chunks.map((chunk) => chunk.content).join('')).toBe('done');
    expect(chunks.at(-1)).toMatchObject({ finishReason: 'stop', model: 'claude-x' });
    expect(chunks.at(-1)?.toolCalls).toBeUndefined();
  });

  it('with structured output, gives the held text when the JSON tool never came', async () => {
    const chunks = await run([start, ...text(0, ['{"a":', '1}']), ...stop('end_turn')], 'json');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ content: '{"a":1}', finishReason: 'stop' });
  });

  it("keeps the caller's tool calls beside the JSON answer, finishing with tool_calls", async () => {
    const chunks = await run(
      [
        start,
        ...toolUse(0, 'get_weather', ['{"city":"Oslo"}']),
        ...toolUse(1, 'json', ['{"a":1}']),
        ...stop('tool_use'),
      ],
      'json',
    );
    expect(chunks.map((chunk) => chunk.content).join('')).toBe('{"a":1}');
    expect(chunks.at(-1)).toMatchObject({
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'toolu_0', name: 'get_weather', arguments: { city: 'Oslo' } }],
    });
  });

  it('throws an error event of an unknown type as a ProviderAPIError with its message', async () => {
    const error = await run([start, { type: 'error', error: { type: 'novel_error', message: 'odd' } }]).catch(
      (caught: unknown) => caught,
    );
    expect(ProviderAPIError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ message: 'odd', code: 'novel_error', retryable: false });
  });
});
