import { createLLM } from '@core/session';
import {
  type GenerateChunk,
  type GenerateStream,
  InvalidRequestError,
  type ProviderAPIError,
} from '@core/types';
import { collectStream, readProviderStream } from '@tooling/conformance';
import { hasSharedDirectory, sharedMissingReason } from '@tooling/fixtures';
import { type FixtureReply, type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicAdapter } from '../src/anthropic-adapter.js';
import { readRecordedError, readTranscript, transcriptPaths } from './anthropic-fixture-cases.js';

const apiKey = 'sk-ant-test-transcripts-0123456789';
let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function llm() {
  return createLLM('anthropic', { baseUrl: mock.url, apiKey, model: 'test-model', maxRetries: 0 });
}

async function replayStream(reply: FixtureReply): Promise<GenerateChunk[]> {
  mock.enqueue(reply);
  const { chunks, error } = await collectStream(
    (await llm().agenerate('replay', { stream: true })) as GenerateStream,
  );
  expect(error).toBeUndefined();
  return chunks;
}

const chunksReply = (path: string): FixtureReply => ({
  kind: 'fixture',
  path,
  format: 'chunks-anthropic-sse',
});
const rawReply = (path: string, splitEvery?: number): FixtureReply => ({
  kind: 'fixture',
  path,
  format: 'raw',
  contentType: 'text/event-stream',
  ...(splitEvery === undefined ? {} : { splitEvery }),
});

const title = hasSharedDirectory()
  ? 'recorded Anthropic transcripts'
  : `recorded Anthropic transcripts (skipped: ${sharedMissingReason})`;

describe.skipIf(!hasSharedDirectory())(title, () => {
  it('gives each thinking block back whole, signature included, at its block stop', async () => {
    const transcript = await readTranscript(transcriptPaths.clearThinking);
    const chunks = await replayStream(chunksReply(transcriptPaths.clearThinking));
    const withBlocks = chunks.filter((chunk) => chunk.reasoningBlocks !== undefined);
    expect(withBlocks).toEqual([{ content: '', reasoningBlocks: transcript.reasoningBlocks }]);
    expect(transcript.reasoningBlocks[0]?.signature).toMatch(/^EvQB/);
    // Reasoning chunks carry no text; the empty last thinking_delta yields nothing.
    for (const chunk of chunks.filter((piece) => piece.reasoning !== undefined)) {
      expect(chunk.content).toBe('');
      expect(chunk.reasoning).not.toBe('');
    }
    const last = chunks.at(-1);
    expect(last).toMatchObject({
      finishReason: 'stop',
      rawFinishReason: transcript.stopReason,
      model: transcript.model,
    });
    expect(last?.usage?.cachedInputTokens).toBe(transcript.usage.cache_read_input_tokens);
  });

  it('reads padded JSON payloads delivered one byte at a time', async () => {
    const transcript = await readTranscript(transcriptPaths.thinkingStream);
    const chunks = await replayStream(rawReply(transcriptPaths.thinkingStream, 1));
    expect(chunks.map((chunk) => chunk.content).join('')).toBe(transcript.text);
    expect(chunks.map((chunk) => chunk.reasoning ?? '').join('')).toBe(transcript.thinking);
    expect(chunks.flatMap((chunk) => chunk.reasoningBlocks ?? [])).toEqual(transcript.reasoningBlocks);
  });

  it('gives redacted thinking back as opaque data, one block per redacted_thinking', async () => {
    const transcript = await readTranscript(transcriptPaths.redactedStream);
    const chunks = await replayStream(rawReply(transcriptPaths.redactedStream));
    const blocks = chunks.flatMap((chunk) => chunk.reasoningBlocks ?? []);
    expect(blocks).toHaveLength(2);
    expect(blocks).toEqual(transcript.reasoningBlocks);
    expect(blocks.every((block) => block.text === '' && (block.redactedData ?? '').length > 0)).toBe(true);
    expect(chunks.some((chunk) => chunk.reasoning !== undefined)).toBe(false);
  });

  it('emits a tool call with no arguments once, as {}, on the last chunk', async () => {
    const transcript = await readTranscript(transcriptPaths.toolNoArgs);
    const chunks = await replayStream(chunksReply(transcriptPaths.toolNoArgs));
    const withCalls = chunks.filter((chunk) => chunk.toolCalls !== undefined);
    expect(withCalls).toHaveLength(1);
    expect(withCalls[0]).toBe(chunks.at(-1));
    expect(withCalls[0]?.toolCalls).toEqual([
      { id: transcript.toolUses[0]?.id, name: transcript.toolUses[0]?.name, arguments: {} },
    ]);
    expect(chunks.at(-1)?.finishReason).toBe('tool_calls');
  });

  it('lets message_delta usage win over message_start, and reports no cache it was not told about', async () => {
    const transcript = await readTranscript(transcriptPaths.messageDeltaInputTokens);
    const chunks = await replayStream(chunksReply(transcriptPaths.messageDeltaInputTokens));
    const inputTokens = transcript.usage.input_tokens as number;
    const outputTokens = transcript.usage.output_tokens as number;
    expect(inputTokens).toBe(61);
    expect(chunks.at(-1)?.usage).toEqual({
      inputTokens,
      outputTokens,
      totalTokens: inputTokens + outputTokens,
    });
  });

  it('with a response schema, answers with the JSON tool input as content and finish reason stop', async () => {
    const transcript = await readTranscript(transcriptPaths.jsonTool);
    const jsonUse = transcript.toolUses.find((use) => use.name === 'json');
    expect(jsonUse).toBeDefined();
    const adapter = createAnthropicAdapter({ baseUrl: mock.url, apiKey });
    try {
      mock.enqueue(chunksReply(transcriptPaths.jsonTool));
      const stream = await adapter.doStream({
        model: 'test-model',
        messages: [{ role: 'user', content: 'Weather?' }],
        responseFormat: {
          type: 'json',
          schema: { type: 'object', properties: { elements: { type: 'array' } } },
        },
      });
      const chunks = await readProviderStream(stream);
      // The preamble text ("I'll invoke the JSON response tool.") is not part of the answer.
      expect(chunks.map((chunk) => chunk.content).join('')).toBe(JSON.stringify(jsonUse?.input));
      expect(chunks.some((chunk) => chunk.toolCalls !== undefined)).toBe(false);
      expect(chunks.at(-1)).toMatchObject({ finishReason: 'stop', rawFinishReason: 'tool_use' });
    } finally {
      await adapter.unload();
    }
  });

  // Telemetry's gen_ai.response.id: only message_start names the message, so the mapper keeps its id until
  // the finish chunk, whether the events arrive whole or one byte at a time.
  it.each([
    ['anthropic-text.chunks.txt', chunksReply(transcriptPaths.text), 'msg_01QC4g3HwBThD4BaNtBckFDJ'],
    [
      'a padded raw stream, one byte at a time',
      rawReply(transcriptPaths.thinkingStream, 1),
      'msg_01ALwQ87pTS7hH1PjSdC9wJD',
    ],
    [
      'an Anthropic-compatible endpoint',
      chunksReply(transcriptPaths.messageDeltaInputTokens),
      'msg_3196a1cc08de4d76b85b8f5777c0d42b',
    ],
  ] as const)('puts the message id of message_start on the finish chunk only: %s', async (_, reply, id) => {
    const adapter = createAnthropicAdapter({ baseUrl: mock.url, apiKey });
    try {
      mock.enqueue(reply);
      const chunks = await readProviderStream(
        await adapter.doStream({ model: 'test-model', messages: [{ role: 'user', content: 'hi' }] }),
      );
      expect(chunks.at(-1)?.finishReason).toBeDefined();
      expect(chunks.at(-1)?.responseId).toBe(id);
      expect(chunks.slice(0, -1).some((chunk) => chunk.responseId !== undefined)).toBe(false);
    } finally {
      await adapter.unload();
    }
  });

  it('turns the recorded 400 into an InvalidRequestError at the await, stream or not', async () => {
    const recorded = await readRecordedError();
    for (const stream of [false, true]) {
      mock.enqueue({ kind: 'fixture', path: transcriptPaths.effortError, format: 'response-json' });
      const error = await llm()
        .agenerate('replay', { stream })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
      expect(error).toMatchObject({
        status: 400,
        message: recorded.message,
        requestId: recorded.requestId,
        code: 'invalid_request_error',
        retryable: false,
      } satisfies Partial<ProviderAPIError>);
    }
  });
});
