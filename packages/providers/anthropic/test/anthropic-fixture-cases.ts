import { InvalidRequestError, type ProviderAPIError } from '@core/types';
import {
  type FixtureCase,
  type FixtureExpectation,
  readChunkPayloads,
  readSsePayloads,
} from '@tooling/conformance';
import { hasSharedDirectory, readFixtureText } from '@tooling/fixtures';
import {
  type AnthropicTranscript,
  readAnthropicTranscript,
  totalInputTokens,
} from './read-anthropic-transcript.js';

/** The recorded Anthropic transcripts this package replays (fixtures/MANIFEST.md). */
export const transcriptPaths = {
  text: 'anthropic/vercel-ai__anthropic-text.chunks.txt',
  clearThinking: 'anthropic/vercel-ai__anthropic-clear-thinking.1.chunks.txt',
  jsonTool: 'anthropic/vercel-ai__anthropic-json-tool.2.chunks.txt',
  toolNoArgs: 'anthropic/vercel-ai__anthropic-tool-no-args.chunks.txt',
  messageDeltaInputTokens: 'anthropic/vercel-ai__anthropic-message-delta-input-tokens.chunks.txt',
  thinkingStream: 'derived/pydantic-ai__test_anthropic_model_thinking_part_stream.0.response.sse',
  redactedStream: 'derived/pydantic-ai__test_anthropic_model_thinking_part_redacted_stream.0.response.sse',
  effortError:
    'derived/pydantic-ai__test_anthropic_explicit_effort_xhigh_unsupported_model_errors.0.response.json',
} as const;

// Anthropic's documented stop reasons for the ones these recordings end with.
const finishReasonOf: Record<string, FixtureExpectation['finishReason']> = {
  end_turn: 'stop',
  tool_use: 'tool_calls',
};

/** A transcript's expected result: its text, thinking, tool calls, finish reason and usage. */
export function expectationOf(transcript: AnthropicTranscript): FixtureExpectation {
  const inputTokens = totalInputTokens(transcript.usage);
  const outputTokens = transcript.usage.output_tokens;
  return {
    content: transcript.text,
    ...(transcript.thinking === '' ? {} : { reasoning: transcript.thinking }),
    toolCalls: transcript.toolUses.map((use) => ({ name: use.name, arguments: use.input })),
    finishReason: finishReasonOf[transcript.stopReason ?? ''] ?? 'other',
    usage: {
      inputTokens,
      outputTokens,
      totalTokens:
        inputTokens !== undefined && outputTokens !== undefined ? inputTokens + outputTokens : undefined,
      ...(transcript.usage.cache_read_input_tokens === undefined
        ? {}
        : { cachedInputTokens: transcript.usage.cache_read_input_tokens }),
    },
  };
}

/** Reads a chunks file or a raw SSE file into a transcript. */
export async function readTranscript(path: string): Promise<AnthropicTranscript> {
  return readAnthropicTranscript(
    path.endsWith('.chunks.txt') ? await readChunkPayloads(path) : await readSsePayloads(path),
  );
}

/** The recorded error body: its message and request id, read straight from the file. */
export async function readRecordedError(): Promise<{ status: number; message: string; requestId: string }> {
  const wrapper = JSON.parse(await readFixtureText(transcriptPaths.effortError)) as {
    status: number;
    body: { error: { message: string }; request_id: string };
  };
  return { status: wrapper.status, message: wrapper.body.error.message, requestId: wrapper.body.request_id };
}

/** Every recorded transcript as a conformance fixture case; empty without ../shared. */
export async function anthropicFixtureCases(): Promise<FixtureCase[]> {
  if (!hasSharedDirectory()) return [];
  const chunks = async (name: string, path: string): Promise<FixtureCase> => ({
    name,
    reply: { kind: 'fixture', path, format: 'chunks-anthropic-sse' },
    stream: true,
    expect: expectationOf(await readTranscript(path)),
  });
  const raw = async (name: string, path: string): Promise<FixtureCase> => ({
    name,
    reply: { kind: 'fixture', path, format: 'raw', contentType: 'text/event-stream' },
    stream: true,
    expect: expectationOf(await readTranscript(path)),
  });
  const recordedError = await readRecordedError();
  return [
    await chunks('text: ping after the first block, six text deltas', transcriptPaths.text),
    await chunks(
      'thinking with an empty last delta and a signature, then text',
      transcriptPaths.clearThinking,
    ),
    await chunks('text, then a tool_use whose input starts with an empty fragment', transcriptPaths.jsonTool),
    await chunks('a tool call with no arguments: its only fragment is ""', transcriptPaths.toolNoArgs),
    await chunks('message_delta reports a later input_tokens', transcriptPaths.messageDeltaInputTokens),
    await raw('raw SSE with padded JSON payloads and {"type": "ping"}', transcriptPaths.thinkingStream),
    await raw('raw SSE with two redacted_thinking blocks, then text', transcriptPaths.redactedStream),
    {
      name: 'a real 400 error body: InvalidRequestError with the message and request id',
      reply: { kind: 'fixture', path: transcriptPaths.effortError, format: 'response-json' },
      stream: false,
      expect: {
        error: (error) =>
          InvalidRequestError.isInstance(error) &&
          (error as ProviderAPIError).status === recordedError.status &&
          (error as ProviderAPIError).message === recordedError.message &&
          (error as ProviderAPIError).requestId === recordedError.requestId,
      },
    },
  ];
}
