import { hasSharedDirectory, sharedMissingReason } from '@tooling/fixtures';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SseEvent } from '../src/decoders/sse-event.js';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport } from '../src/transport/transport-types.js';
import { expectNoUnhandledRejections } from './support/socket-helpers.js';

const streamBody = { model: 'mock-model', stream: true, messages: [{ role: 'user', content: 'hi' }] };

interface OpenAiChunk {
  choices: Array<{ delta: { content?: string } }>;
}

function openAiText(events: SseEvent[]): string {
  return events
    .filter((event) => event.data !== '[DONE]')
    .map((event) => (JSON.parse(event.data) as OpenAiChunk).choices[0]?.delta.content ?? '')
    .join('');
}

describe('streams decode over real sockets', () => {
  let mock: MockLlm;
  let openai: Transport;
  let ollama: Transport;
  expectNoUnhandledRejections();

  beforeAll(async () => {
    mock = await startMockLlm();
    openai = createTransport({ provider: 'openai', baseUrl: mock.openaiBaseUrl });
    ollama = createTransport({ provider: 'ollama', baseUrl: mock.url });
  });
  afterEach(() => mock.reset());
  afterAll(async () => {
    await openai.close();
    await ollama.close();
    await mock.close();
  });

  async function collectSse(): Promise<{
    events: SseEvent[];
    status: number;
    requestId: string | undefined;
  }> {
    const stream = await openai.streamSse({ path: '/chat/completions', body: streamBody });
    const events: SseEvent[] = [];
    for await (const event of stream) events.push(event);
    return { events, status: stream.status, requestId: stream.requestId };
  }

  it('SSE: the events of a paced text reply, status and request id', async () => {
    mock.enqueue({ kind: 'text', chunks: ['Hello', ', ', 'world'], latency: { betweenChunksMs: 5 } });
    const { events, status, requestId } = await collectSse();
    expect(status).toBe(200);
    expect(requestId).toMatch(/^req_mock_/);
    expect(openAiText(events)).toBe('Hello, world');
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(mock.requests[0]?.headers.accept).toBe('text/event-stream');
  });

  it('SSE: multi-byte characters split across socket reads', async () => {
    const text = 'Grüße, café: 中文字符 and emoji 😀🚀 end';
    mock.enqueue({ kind: 'split-utf8', text });
    const { events } = await collectSse();
    expect(openAiText(events)).toBe(text);
    expect(events.some((event) => event.data.includes('\uFFFD'))).toBe(false);
  });

  it('NDJSON: Ollama lines parsed once each, the last one done', async () => {
    mock.enqueue({ kind: 'split-utf8', text: 'naïve 😀 ok' });
    const stream = await ollama.streamNdjson<{ message?: { content: string }; done: boolean }>({
      path: '/api/chat',
      body: { model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] },
    });
    const lines: Array<{ message?: { content: string }; done: boolean }> = [];
    for await (const line of stream) lines.push(line);
    expect(lines.map((line) => line.message?.content ?? '').join('')).toBe('naïve 😀 ok');
    expect(lines.at(-1)?.done).toBe(true);
  });

  it('is single-pass: after a break, a second for-await yields nothing more', async () => {
    mock.enqueue({ kind: 'text', chunks: ['a', 'b', 'c'] });
    const stream = await openai.streamSse({ path: '/chat/completions', body: streamBody });
    const first: string[] = [];
    for await (const event of stream) {
      first.push(event.data);
      if (first.length === 1) break;
    }
    const rest: string[] = [];
    for await (const event of stream) rest.push(event.data);
    expect(first).toHaveLength(1);
    expect(rest).toEqual([]);
  });

  describe.skipIf(!hasSharedDirectory())(
    `recorded transcripts replayed 7 bytes at a time (${sharedMissingReason})`,
    () => {
      it('OpenRouter: comments skipped, the in-band error passed through as data', async () => {
        mock.enqueue({
          kind: 'fixture',
          path: 'derived/pydantic-ai__test_openrouter_stream_error.0.response.sse',
          contentType: 'text/event-stream',
          splitEvery: 7,
          latency: { betweenChunksMs: 1 },
        });
        const { events } = await collectSse();
        expect(events).toHaveLength(5);
        expect(events.some((event) => event.data.includes('Token limit reached'))).toBe(true);
        expect(events.at(-1)?.data).toBe('[DONE]');
      });
    },
  );
});
