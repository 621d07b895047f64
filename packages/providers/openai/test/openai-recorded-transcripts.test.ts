import { createLLM } from '@core/session';
import type { GenerateChunk, LLM, Message, ProviderRequest, ToolCall } from '@core/types';
import { readProviderStream } from '@tooling/conformance';
import { hasSharedDirectory, readFixtureText, sharedMissingReason } from '@tooling/fixtures';
import { type MockLlm, type Reply, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIAdapter } from '../src/openai-adapter.js';
import {
  expectFromCompletion,
  expectFromStream,
  type RecordedExpectation,
  readChunkLines,
  readSseData,
} from './recorded-expectations.js';

// Says why a case is skipped; empty when ../shared is there.
const skipNote = hasSharedDirectory() ? '' : ` (skipped: ${sharedMissingReason})`;

let mock: MockLlm;
let llm: LLM;
beforeAll(async () => {
  mock = await startMockLlm();
  llm = createLLM('openai', {
    baseUrl: mock.openaiBaseUrl,
    apiKey: 'sk-test-transcripts-0123456789',
    model: 'gpt-4o-mini',
    maxRetries: 0,
  });
});
afterAll(async () => {
  await llm.unloadModel();
  await mock.close();
});
beforeEach(() => mock.reset());

async function collect(stream: AsyncIterable<GenerateChunk>): Promise<GenerateChunk[]> {
  const chunks: GenerateChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function expectStreamMatches(chunks: GenerateChunk[], expected: RecordedExpectation): void {
  expect(chunks.map((chunk) => chunk.content).join('')).toBe(expected.content);
  const last = chunks.at(-1);
  expect(last?.finishReason).toBe(expected.finishReason);
  expect(last?.rawFinishReason).toBe(expected.rawFinishReason);
  expect(last?.usage).toEqual(expected.usage);
  // Every tool call arrives once, complete, on one chunk.
  const withCalls = chunks.filter((chunk) => chunk.toolCalls !== undefined && chunk.toolCalls.length > 0);
  if (expected.toolCalls.length === 0) {
    expect(withCalls).toHaveLength(0);
  } else {
    expect(withCalls).toHaveLength(1);
    expect(withCalls[0]?.toolCalls).toEqual(expected.toolCalls);
  }
}

describe.skipIf(!hasSharedDirectory())(`recorded OpenAI transcripts${skipNote}`, () => {
  it('openai-text.chunks.txt: 303 chunks of text, usage in a trailing choices:[] chunk', async () => {
    const path = 'openai/vercel-ai__openai-text.chunks.txt';
    const expected = expectFromStream(await readChunkLines(path));
    expect(expected.usage.inputTokens).toBe(16);
    for (const reply of [
      { kind: 'fixture', path, format: 'chunks-sse' },
      { kind: 'fixture', path, format: 'chunks-sse', splitEvery: 7 },
    ] satisfies Reply[]) {
      mock.enqueue(reply);
      const chunks = await collect(await llm.agenerate('Invent a holiday', { stream: true }));
      expectStreamMatches(chunks, expected);
      expect(chunks.at(-1)?.model).toBe(expected.model);
    }
  });

  it('openai-text.json: the non-stream body, with cached and reasoning token details', async () => {
    const path = 'openai/vercel-ai__openai-text.json';
    const text = await readFixtureText(path);
    const expected = expectFromCompletion(JSON.parse(text));
    mock.enqueue({ kind: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: text });
    const response = await llm.agenerate('Invent a holiday');
    expect(response.content).toBe(expected.content);
    expect(response.finishReason).toBe('stop');
    expect(response.rawFinishReason).toBe(expected.rawFinishReason);
    expect(response.usage).toEqual(expected.usage);
    expect(response.usage.cachedInputTokens).toBe(0);
    expect(response.usage.reasoningTokens).toBe(0);
    expect(response.model).toBe(expected.model);
  });

  it('azure-model-router.1.chunks.txt: a first chunk with choices:[] and id:"", content_filter_results everywhere', async () => {
    const path = 'openai/vercel-ai__azure-model-router.1.chunks.txt';
    const payloads = await readChunkLines(path);
    expect(payloads[0]).toMatchObject({ choices: [], id: '' });
    const expected = expectFromStream(payloads);
    expect(expected.usage.reasoningTokens).toBe(64);
    mock.enqueue({ kind: 'fixture', path, format: 'chunks-sse' });
    const chunks = await collect(await llm.agenerate('Capital?', { stream: true, model: 'gpt-5-nano' }));
    expectStreamMatches(chunks, expected);
    expect(chunks.at(-1)?.model).toBe('gpt-5-nano-2025-08-07');
  });

  it('mistral-tool-call.chunks.txt: a whole call with no index and no type (the official SDK drops it)', async () => {
    const path = 'openai-compatible/vercel-ai__mistral-tool-call.chunks.txt';
    const expected = expectFromStream(await readChunkLines(path));
    expect(expected.toolCalls).toHaveLength(1);
    mock.enqueue({ kind: 'fixture', path, format: 'chunks-sse' });
    const chunks = await collect(await llm.agenerate('Weather?', { stream: true }));
    expectStreamMatches(chunks, expected);
    expect(chunks.at(-1)?.finishReason).toBe('tool_calls');
  });

  it('anthropic-fallback-tool-call.sse: tool-call indexes starting at 1 (the official SDK crashes)', async () => {
    const path = 'openai-compatible/vercel-ai__anthropic-fallback-tool-call.sse';
    const expected = expectFromStream(await readSseData(path));
    expect(expected.toolCalls).toEqual([
      { id: 'toolu_sanitized', name: 'read_file', arguments: { path: 'a.txt' } },
    ]);
    mock.enqueue({ kind: 'fixture', path });
    const chunks = await collect(await llm.agenerate('Read it', { stream: true }));
    expectStreamMatches(chunks, expected);
  });
});

describe.skipIf(!hasSharedDirectory())(
  `a recorded two-turn tool loop against api.openai.com${skipNote}`,
  () => {
    const base = 'derived/pydantic-ai__test_run_stream_sync_streams_real_model';

    async function recordedRequestBody(turn: number): Promise<Record<string, unknown>> {
      return (
        JSON.parse(await readFixtureText(`${base}.${turn}.request.json`)) as { body: Record<string, unknown> }
      ).body;
    }

    it('streams the tool call of turn 0, then sends turn 1 as the real client did and streams its text', async () => {
      const turn0Body = await recordedRequestBody(0);
      const turn1Body = await recordedRequestBody(1);
      const recordedTool = (turn0Body.tools as Array<{ function: Record<string, unknown> }>)[0]?.function as {
        name: string;
        description: string;
        parameters: Record<string, unknown>;
      };
      const userText = (turn0Body.messages as Array<{ content: string }>)[0]?.content as string;
      const tools = [
        {
          name: recordedTool.name,
          description: recordedTool.description,
          parameters: recordedTool.parameters,
        },
      ];

      // Turn 0: the tool call, its arguments in 5 pieces.
      const expected0 = expectFromStream(await readSseData(`${base}.0.response.sse`));
      expect(expected0.argumentFragmentCounts).toEqual([5]);
      mock.enqueue({ kind: 'fixture', path: `${base}.0.response.sse` });
      const chunks0 = await collect(
        await llm.agenerate(userText, { stream: true, tools, toolChoice: 'auto' }),
      );
      expectStreamMatches(chunks0, expected0);
      // What we sent is what the real client sent, `strict: true` on the tool included.
      expect(mock.requests[0]?.body).toEqual(turn0Body);

      // Turn 1: our own messages (user, the assistant's tool call, the tool result) on the wire.
      const toolCalls = chunks0.at(-1)?.toolCalls as ToolCall[];
      const toolCall = toolCalls[0] as ToolCall;
      const toolResult = (turn1Body.messages as Array<{ role: string; content: string }>).find(
        (message) => message.role === 'tool',
      )?.content as string;
      const messages: Message[] = [
        { role: 'user', content: userText },
        { role: 'assistant', content: '', toolCalls },
        { role: 'tool', toolCallId: toolCall.id, toolName: toolCall.name, content: toolResult },
      ];
      const expected1 = expectFromStream(await readSseData(`${base}.1.response.sse`));
      mock.enqueue({ kind: 'fixture', path: `${base}.1.response.sse` });
      const chunks1 = await collect(
        await llm.agenerate(messages, { stream: true, tools, toolChoice: 'auto' }),
      );
      expectStreamMatches(chunks1, expected1);
      expect(expected1.content).toContain('London');
      const sent = mock.requests[1]?.body as Record<string, unknown>;
      expect(sent.messages).toEqual(turn1Body.messages);
      expect(sent).toEqual(turn1Body);
    });
  },
);

// Telemetry's gen_ai.response.id is the completion id of the body, read by the adapter itself.
describe.skipIf(!hasSharedDirectory())(`the completion id of recorded OpenAI bodies${skipNote}`, () => {
  const request: ProviderRequest = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
  const adapter = () =>
    createOpenAIAdapter({ baseUrl: mock.openaiBaseUrl, apiKey: 'sk-test-transcripts-0123456789' });

  it('openai-text.json: the non-stream body id is the result responseId', async () => {
    const text = await readFixtureText('openai/vercel-ai__openai-text.json');
    mock.enqueue({ kind: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body: text });
    const openai = adapter();
    try {
      expect((await openai.doGenerate(request)).responseId).toBe('chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU');
    } finally {
      await openai.unload();
    }
  });

  it.each([
    [
      'openai-text.chunks.txt',
      'openai/vercel-ai__openai-text.chunks.txt',
      'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0',
    ],
    // Its first chunk has `id: ""`; the id comes from the first chunk that has one.
    [
      'azure-model-router.1.chunks.txt',
      'openai/vercel-ai__azure-model-router.1.chunks.txt',
      'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt',
    ],
  ] as const)('%s: the stream id is on the finish chunk only', async (_, path, id) => {
    mock.enqueue({ kind: 'fixture', path, format: 'chunks-sse' });
    const openai = adapter();
    try {
      const chunks = await readProviderStream(await openai.doStream(request));
      expect(chunks.at(-1)?.finishReason).toBe('stop');
      expect(chunks.at(-1)?.responseId).toBe(id);
      expect(chunks.slice(0, -1).some((chunk) => chunk.responseId !== undefined)).toBe(false);
    } finally {
      await openai.unload();
    }
  });
});
