import type { GenerateChunk } from '@core/types';
import { ProviderAPIError, ProviderConnectionError } from '@core/types';
import { describe, expect, it } from 'vitest';
import type { OllamaChatResponse } from './ollama-api.js';
import { createOllamaStreamMapper } from './ollama-stream.js';

const context = { provider: 'ollama', model: 'm' };

// Each line as a read of its own, as a slow server sends them; `read` counts the lines handed over.
async function run(lines: readonly unknown[]): Promise<{ chunks: GenerateChunk[]; read: number }> {
  const mapper = createOllamaStreamMapper(context);
  const chunks: GenerateChunk[] = [];
  let read = 0;
  for (const line of lines) {
    read += 1;
    mapper.push([line as OllamaChatResponse], chunks);
  }
  mapper.end(chunks);
  return { chunks, read };
}

const done = { done: true, done_reason: 'stop', prompt_eval_count: 3, eval_count: 4 };

describe('createOllamaStreamMapper', () => {
  it('passes thinking and text through and skips lines that carry neither', async () => {
    const { chunks } = await run([
      { message: { role: 'assistant', content: '' }, done: false },
      { message: { role: 'assistant', content: '', thinking: 'Hm' }, done: false },
      { message: { role: 'assistant', content: 'Hi' }, done: false },
      { message: { role: 'assistant', content: '' }, ...done },
    ]);
    expect(chunks).toEqual([
      { content: '', reasoning: 'Hm' },
      { content: 'Hi' },
      {
        content: '',
        finishReason: 'stop',
        rawFinishReason: 'stop',
        usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
      },
    ]);
  });

  it('keeps text that arrives on the done line itself (ollama-streaming.mdx)', async () => {
    const { chunks } = await run([
      { model: 'gemma4', message: { role: 'assistant', content: '!' }, ...done },
    ]);
    expect(chunks).toEqual([
      expect.objectContaining({ content: '!', finishReason: 'stop', model: 'gemma4' }),
    ]);
  });

  it('drains lines after the done line so the socket can be reused, and ignores them', async () => {
    const { chunks, read } = await run([
      { message: { content: 'a' }, done: false },
      { message: { content: '' }, ...done },
      { message: { content: 'late' }, done: false },
      { error: 'late error' },
    ]);
    expect(read).toBe(4);
    expect(chunks.map((chunk) => chunk.content)).toEqual(['a', '']);
  });

  it('keeps a wire id, parses string arguments once, and keeps what does not parse', async () => {
    const { chunks } = await run([
      {
        message: {
          content: '',
          tool_calls: [
            { id: 'call_abc', function: { name: 'f', arguments: { a: 1 } } },
            { function: { name: 'g', arguments: '{"b":2}' } },
            { function: { name: 'h', arguments: '{"c":' } },
          ],
        },
        done: false,
      },
      { message: { content: '' }, ...done },
    ]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.toolCalls).toEqual([
      { id: 'call_abc', name: 'f', arguments: { a: 1 } },
      { id: 'call_2', name: 'g', arguments: { b: 2 } },
      { id: 'call_3', name: 'h', arguments: {}, invalidArguments: '{"c":' },
    ]);
    // The wire says `stop`; the pipeline calls a step with tool calls `tool_calls` (as every provider's).
    expect(chunks[0]).toMatchObject({ finishReason: 'stop', rawFinishReason: 'stop' });
  });

  it('leaves counts the final line lacks undefined, never 0', async () => {
    const { chunks } = await run([
      { message: { content: 'x' }, done: true, done_reason: 'length', eval_count: 9 },
    ]);
    expect(chunks[0]?.usage).toEqual({ inputTokens: undefined, outputTokens: 9, totalTokens: undefined });
    expect(chunks[0]?.finishReason).toBe('length');
  });

  it('maps load and unload endings to other, keeping the raw value', async () => {
    const { chunks } = await run([{ message: { content: '' }, done: true, done_reason: 'unload' }]);
    expect(chunks[0]).toMatchObject({ finishReason: 'other', rawFinishReason: 'unload' });
  });

  it('throws for a line that is not an object, and for a stream with no done line', async () => {
    await expect(run([42])).rejects.toSatisfy(ProviderAPIError.isInstance);
    await expect(run([{ message: { content: 'a' }, done: false }])).rejects.toSatisfy(
      ProviderConnectionError.isInstance,
    );
  });
});
