import { createLLM } from '@core/session';
import type { AssistantMessage, GenerateStream, LLM, Message, ToolDefinition } from '@core/types';
import { collectStream } from '@tooling/conformance';
import { hasSharedDirectory, sharedMissingReason } from '@tooling/fixtures';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readTranscript, transcriptPaths } from './anthropic-fixture-cases.js';

const apiKey = 'sk-ant-test-conversation-0123456789';
let mock: MockLlm;
let llm: LLM;

beforeAll(async () => {
  mock = await startMockLlm();
  llm = createLLM('anthropic', { baseUrl: mock.url, apiKey, model: 'test-model', maxRetries: 0 });
});
afterAll(async () => {
  await llm.unloadModel();
  await mock.close();
});
beforeEach(() => mock.reset());

const weatherTool: ToolDefinition = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

function lastMessagesSent(): unknown {
  return (mock.requests.at(-1)?.body as { messages?: unknown } | undefined)?.messages;
}

describe('a two-turn tool conversation', () => {
  it('sends turn 1 back with its signed thinking first, then tool_use, then the tool_result', async () => {
    mock.enqueue({
      kind: 'text',
      text: '',
      reasoning: 'The user wants the weather; call the tool.',
      reasoningSignature: 'sig-turn-1',
      toolCalls: [{ id: 'toolu_01', name: 'get_weather', arguments: { city: 'Paris' } }],
    });
    const question: Message = { role: 'user', content: 'Weather in Paris?' };
    const first = await llm.agenerate([question], { tools: [weatherTool] });
    expect(first.finishReason).toBe('tool_calls');
    expect(first.message).toEqual({
      role: 'assistant',
      content: '',
      toolCalls: [{ id: 'toolu_01', name: 'get_weather', arguments: { city: 'Paris' } }],
      reasoning: 'The user wants the weather; call the tool.',
      reasoningBlocks: [{ text: 'The user wants the weather; call the tool.', signature: 'sig-turn-1' }],
    });

    mock.enqueue({ kind: 'text', text: 'It is 18 degrees in Paris.' });
    const conversation: Message[] = [
      question,
      first.message,
      { role: 'tool', toolCallId: 'toolu_01', toolName: 'get_weather', content: '{"temperature":18}' },
    ];
    const snapshot = structuredClone(conversation);
    const second = await llm.agenerate(conversation, { tools: [weatherTool] });
    expect(second.content).toBe('It is 18 degrees in Paris.');
    expect(lastMessagesSent()).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: [
          {
            type: 'thinking',
            thinking: 'The user wants the weather; call the tool.',
            signature: 'sig-turn-1',
          },
          { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '{"temperature":18}' }],
      },
    ]);
    expect(conversation).toEqual(snapshot);
  });

  it('merges consecutive tool results and the next user text into one user turn', async () => {
    mock.enqueue({ kind: 'text', text: 'Both done.' });
    await llm.agenerate(
      [
        { role: 'user', content: 'Weather in Paris and Oslo?' },
        { role: 'user', content: 'Quickly, please.' },
        {
          role: 'assistant',
          content: 'Checking both.',
          toolCalls: [
            { id: 'toolu_a', name: 'get_weather', arguments: { city: 'Paris' } },
            { id: 'toolu_b', name: 'get_weather', arguments: { city: 'Oslo' } },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_a', content: '{"temperature":18}' },
        { role: 'tool', toolCallId: 'toolu_b', content: 'Oslo is unreachable', isError: true },
        { role: 'user', content: 'And summarize.' },
      ],
      { tools: [weatherTool] },
    );
    expect(lastMessagesSent()).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Paris and Oslo?' },
          { type: 'text', text: 'Quickly, please.' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_b', name: 'get_weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_a', content: '{"temperature":18}' },
          { type: 'tool_result', tool_use_id: 'toolu_b', content: 'Oslo is unreachable', is_error: true },
          { type: 'text', text: 'And summarize.' },
        ],
      },
    ]);
  });
});

const title = hasSharedDirectory()
  ? 'thinking from a recorded stream, sent back'
  : `thinking from a recorded stream, sent back (skipped: ${sharedMissingReason})`;

describe.skipIf(!hasSharedDirectory())(title, () => {
  async function streamTurn(reply: Parameters<MockLlm['enqueue']>[0]): Promise<AssistantMessage> {
    mock.enqueue(reply);
    const { chunks, error } = await collectStream(
      (await llm.agenerate('turn 1', { stream: true })) as GenerateStream,
    );
    expect(error).toBeUndefined();
    return {
      role: 'assistant',
      content: chunks.map((chunk) => chunk.content).join(''),
      reasoningBlocks: chunks.flatMap((chunk) => chunk.reasoningBlocks ?? []),
    };
  }

  it('sends the recorded signature back unchanged, before the text', async () => {
    const transcript = await readTranscript(transcriptPaths.clearThinking);
    const assistant = await streamTurn({
      kind: 'fixture',
      path: transcriptPaths.clearThinking,
      format: 'chunks-anthropic-sse',
    });
    mock.enqueue({ kind: 'text', text: 'ok' });
    await llm.agenerate([
      { role: 'user', content: 'turn 1' },
      assistant,
      { role: 'user', content: 'turn 2' },
    ]);
    const block = transcript.reasoningBlocks[0];
    expect(lastMessagesSent()).toEqual([
      { role: 'user', content: 'turn 1' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: block?.text, signature: block?.signature },
          { type: 'text', text: transcript.text },
        ],
      },
      { role: 'user', content: 'turn 2' },
    ]);
  });

  it('sends redacted thinking back as redacted_thinking blocks with their data', async () => {
    const transcript = await readTranscript(transcriptPaths.redactedStream);
    const assistant = await streamTurn({
      kind: 'fixture',
      path: transcriptPaths.redactedStream,
      format: 'raw',
      contentType: 'text/event-stream',
    });
    mock.enqueue({ kind: 'text', text: 'ok' });
    await llm.agenerate([
      { role: 'user', content: 'turn 1' },
      assistant,
      { role: 'user', content: 'turn 2' },
    ]);
    const sent = lastMessagesSent() as Array<{ content: unknown }>;
    expect(sent[1]?.content).toEqual([
      ...transcript.reasoningBlocks.map((block) => ({ type: 'redacted_thinking', data: block.redactedData })),
      { type: 'text', text: transcript.text },
    ]);
  });
});
