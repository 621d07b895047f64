import { ModelNotFoundError, ProviderAPIError } from '@core/types';
import { hasSharedDirectory, readFixtureText, sharedMissingReason } from '@tooling/fixtures';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect, ollamaAt, readOwnFixture } from './helpers.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

type Line = Record<string, unknown>;
type WireMessage = { content?: string; thinking?: string; tool_calls?: unknown[] };

const ndjsonHeaders = { 'content-type': 'application/x-ndjson' };

// Each line is its own socket write, as Ollama flushes one line per token.
function linesOf(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `${line}\n`);
}

const parseLines = (text: string): Line[] => linesOf(text).map((line) => JSON.parse(line) as Line);
const messageOf = (line: Line): WireMessage => (line.message ?? {}) as WireMessage;

describe('official /api/chat examples (ollama-api.md, ollama-errors.mdx) replayed from test/fixtures', () => {
  it('streams "Chat request (Streaming)": text, then the counts of the done line', async () => {
    const text = await readOwnFixture('ollama-chat-stream.ndjson');
    const lines = parseLines(text);
    const last = lines.at(-1) as Line;
    mock.enqueue({ kind: 'raw', headers: ndjsonHeaders, pieces: linesOf(text) });

    const chunks = await collect(await ollamaAt(mock).agenerate('why is the sky blue?', { stream: true }));
    expect(chunks.map((chunk) => chunk.content).join('')).toBe(
      lines.map((line) => messageOf(line).content ?? '').join(''),
    );
    const final = chunks.at(-1);
    expect(final?.usage).toEqual({
      inputTokens: last.prompt_eval_count,
      outputTokens: last.eval_count,
      totalTokens: (last.prompt_eval_count as number) + (last.eval_count as number),
    });
    expect(final?.model).toBe(last.model);
    // This older example has no done_reason: the ending is unknown, so `other`, with no raw value to keep.
    expect(last.done_reason).toBeUndefined();
    expect(final?.finishReason).toBe('other');
    expect(final?.rawFinishReason).toBeUndefined();
    expect(chunks.filter((chunk) => chunk.finishReason !== undefined)).toHaveLength(1);
  });

  it('streams "Chat request (Streaming with tools)": one complete call with an id, finish tool_calls', async () => {
    const text = await readOwnFixture('ollama-tool-call.ndjson');
    const lines = parseLines(text);
    const wireCalls = lines.flatMap((line) => messageOf(line).tool_calls ?? []) as Array<{
      function: { name: string; arguments: Record<string, unknown> };
    }>;
    const last = lines.at(-1) as Line;
    mock.enqueue({ kind: 'raw', headers: ndjsonHeaders, pieces: linesOf(text) });

    const chunks = await collect(await ollamaAt(mock).agenerate('weather in tokyo?', { stream: true }));
    const calls = chunks.flatMap((chunk) => chunk.toolCalls ?? []);
    expect(calls).toEqual(
      wireCalls.map((call, index) => ({
        id: `call_${index + 1}`,
        name: call.function.name,
        arguments: call.function.arguments,
      })),
    );
    expect(chunks.at(-1)).toMatchObject({
      finishReason: 'tool_calls',
      rawFinishReason: last.done_reason,
      usage: { inputTokens: last.prompt_eval_count, outputTokens: last.eval_count },
    });
  });

  it('answers "Chat request (with tools)" without streaming', async () => {
    const text = await readOwnFixture('ollama-tool-call.json');
    const recorded = JSON.parse(text) as Line;
    const wireCall = (messageOf(recorded).tool_calls ?? [])[0] as {
      function: { name: string; arguments: Record<string, unknown> };
    };
    mock.enqueue({ kind: 'raw', headers: { 'content-type': 'application/json' }, body: text });

    const response = await ollamaAt(mock).agenerate('What is the weather today in Paris?');
    expect(response.toolCalls).toEqual([
      { id: 'call_1', name: wireCall.function.name, arguments: wireCall.function.arguments },
    ]);
    expect(response.message.toolCalls).toEqual(response.toolCalls);
    expect(response.content).toBe('');
    expect(response.finishReason).toBe('tool_calls');
    expect(response.rawFinishReason).toBe(recorded.done_reason);
    expect(response.usage.inputTokens).toBe(recorded.prompt_eval_count);
    expect(response.usage.outputTokens).toBe(recorded.eval_count);
  });

  // ollama-errors.mdx shows the mid-stream error after /api/generate lines; the fixture has the same
  // lines in /api/chat's shape (`message.content` for `response`) and the error line byte for byte.
  it('throws the error line of a stream as a ProviderAPIError after the text before it', async () => {
    const text = await readOwnFixture('ollama-error-mid-stream.ndjson');
    const lines = parseLines(text);
    const errorLine = lines.at(-1) as { error: string };
    mock.enqueue({ kind: 'raw', headers: ndjsonHeaders, pieces: linesOf(text) });

    const stream = await ollamaAt(mock).agenerate('can you?', { stream: true });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) seen.push(chunk.content);
    })().catch((error: unknown) => error);
    expect(seen.join('')).toBe(lines.map((line) => messageOf(line).content ?? '').join(''));
    expect(ProviderAPIError.isInstance(failure)).toBe(true);
    expect(ModelNotFoundError.isInstance(failure)).toBe(false);
    expect((failure as ProviderAPIError).message).toBe(errorLine.error);
    expect((failure as ProviderAPIError).provider).toBe('ollama');
  });
});

const attogramPath = 'derived/attogram__ollama_generate_stream_json.gpt-oss-20b.ndjson';
const sharedNote = hasSharedDirectory() ? '' : ` (skipped: ${sharedMissingReason})`;

// The recording is /api/generate output (`response`, `thinking` at the top level). We speak /api/chat, whose
// lines carry the same fields inside `message`; each object is moved there and nothing else changes.
function generateLineAsChatLine(line: Line): Line {
  const { response, thinking, ...rest } = line;
  const message: Line = { role: 'assistant', content: response ?? '' };
  if (thinking !== undefined) message.thinking = thinking;
  return { model: rest.model, created_at: rest.created_at, message, ...rest };
}

describe.skipIf(!hasSharedDirectory())(
  `attogram gpt-oss:20b recording, as /api/chat lines${sharedNote}`,
  () => {
    async function readRecording() {
      const objects = parseLines(await readFixtureText(attogramPath));
      const last = objects.at(-1) as Line;
      return {
        objects,
        last,
        reasoning: objects.map((object) => (object.thinking as string | undefined) ?? '').join(''),
        content: objects.map((object) => (object.response as string | undefined) ?? '').join(''),
        chatLines: objects.map((object) => `${JSON.stringify(generateLineAsChatLine(object))}\n`),
      };
    }

    it('reads the recording as MANIFEST.md describes it', async () => {
      const { objects, last } = await readRecording();
      expect(objects).toHaveLength(143);
      expect(objects.filter((object) => typeof object.thinking === 'string')).toHaveLength(133);
      expect(last).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 81, eval_count: 150 });
    });

    for (const [name, pieceBytes] of [
      ['one line per write', 0],
      ['7-byte writes', 7],
    ] as const) {
      it(`assembles reasoning, text and usage (${name})`, async () => {
        const recording = await readRecording();
        const wire = recording.chatLines.join('');
        const pieces =
          pieceBytes === 0
            ? recording.chatLines
            : Array.from({ length: Math.ceil(wire.length / pieceBytes) }, (_, index) =>
                wire.slice(index * pieceBytes, (index + 1) * pieceBytes),
              );
        mock.enqueue({ kind: 'raw', headers: ndjsonHeaders, pieces });

        const chunks = await collect(await ollamaAt(mock).agenerate('Say hi', { stream: true }));
        expect(chunks.map((chunk) => chunk.reasoning ?? '').join('')).toBe(recording.reasoning);
        expect(chunks.map((chunk) => chunk.content).join('')).toBe(recording.content);
        expect(recording.reasoning.length).toBeGreaterThan(0);
        expect(recording.content.length).toBeGreaterThan(0);
        // Text passes straight through: one chunk per line that carried text or thinking, plus the last.
        const carrying = recording.objects.filter(
          (object) => object.done !== true && (object.response !== '' || (object.thinking ?? '') !== ''),
        );
        expect(chunks).toHaveLength(carrying.length + 1);
        const final = chunks.at(-1);
        expect(final).toMatchObject({
          finishReason: 'stop',
          rawFinishReason: recording.last.done_reason,
          model: recording.last.model,
          usage: {
            inputTokens: recording.last.prompt_eval_count,
            outputTokens: recording.last.eval_count,
            totalTokens: (recording.last.prompt_eval_count as number) + (recording.last.eval_count as number),
          },
        });
      });
    }

    it('keeps the reasoning on a non-stream answer assembled from the same recording', async () => {
      const recording = await readRecording();
      const whole = {
        ...recording.last,
        message: { role: 'assistant', content: recording.content, thinking: recording.reasoning },
      };
      mock.enqueue({
        kind: 'raw',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(whole),
      });
      const response = await ollamaAt(mock).agenerate('Say hi');
      expect(response.content).toBe(recording.content);
      expect(response.reasoning).toBe(recording.reasoning);
      expect(response.message.reasoning).toBe(recording.reasoning);
      expect(response.usage.outputTokens).toBe(recording.last.eval_count);
    });
  },
);
