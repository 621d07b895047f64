import {
  chunksFixtureAsSse,
  hasSharedDirectory,
  readFixtureBytes,
  sharedMissingReason,
} from '@tooling/fixtures';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNdjsonDecoder } from '../src/decoders/create-ndjson-decoder.js';
import { createSseDecoder } from '../src/decoders/create-sse-decoder.js';
import type { SseEvent } from '../src/decoders/sse-event.js';
import { bytesOf, cutOffsets, decodeAll, oneByteChunks, splitAt } from './support/split-bytes.js';

const openRouterError = 'derived/pydantic-ai__test_openrouter_stream_error.0.response.sse';
const anthropicFallback = 'openai-compatible/vercel-ai__anthropic-fallback-tool-call.sse';
const anthropicThinking = 'derived/pydantic-ai__test_anthropic_model_thinking_part_stream.0.response.sse';
const ollamaGenerate = 'derived/attogram__ollama_generate_stream_json.gpt-oss-20b.ndjson';
const anthropicText = 'anthropic/vercel-ai__anthropic-text.chunks.txt';

// The oracle: the whole buffer decoded in one push, the way no network ever delivers it.
function decodeAtOnce(bytes: Uint8Array): SseEvent[] {
  const decoder = createSseDecoder();
  return [...decoder.push(bytes), ...decoder.flush()];
}

// Same bytes with every line end rewritten, to run the recordings through CRLF and CR-only framing.
function withLineEnds(bytes: Uint8Array, end: '\r\n' | '\r'): Uint8Array {
  return bytesOf(new TextDecoder().decode(bytes).replace(/\n/g, end));
}

async function expectAnySplitMatches(bytes: Uint8Array, expected: SseEvent[]): Promise<void> {
  expect(decodeAll(createSseDecoder(), oneByteChunks(bytes))).toEqual(expected);
  await fc.assert(
    fc.asyncProperty(cutOffsets(bytes.length), async (offsets) => {
      expect(decodeAll(createSseDecoder(), splitAt(bytes, offsets))).toEqual(expected);
    }),
    { numRuns: 40 },
  );
}

describe.skipIf(!hasSharedDirectory())(
  `recorded SSE streams decode the same for any split (${sharedMissingReason})`,
  () => {
    const fixtures = new Map<string, Uint8Array>();

    beforeAll(async () => {
      for (const name of [openRouterError, anthropicFallback, anthropicThinking]) {
        fixtures.set(name, new Uint8Array(await readFixtureBytes(name)));
      }
      fixtures.set(anthropicText, bytesOf(await chunksFixtureAsSse(anthropicText, { eventLines: true })));
    });

    function fixture(name: string): Uint8Array {
      const bytes = fixtures.get(name);
      if (bytes === undefined) throw new Error(`fixture ${name} was not loaded`);
      return bytes;
    }

    it('OpenRouter: 17 comment lines skipped, 5 events, the in-band error and [DONE] passed through', async () => {
      const bytes = fixture(openRouterError);
      const events = decodeAtOnce(bytes);
      expect(events).toHaveLength(5);
      expect(events.every((event) => event.event === undefined && event.id === undefined)).toBe(true);
      expect(events.some((event) => event.data.includes('"message":"Token limit reached"'))).toBe(true);
      expect(events.at(-1)?.data).toBe('[DONE]');
      for (const event of events.slice(0, -1)) expect(() => JSON.parse(event.data)).not.toThrow();
      await expectAnySplitMatches(bytes, events);
      await expectAnySplitMatches(withLineEnds(bytes, '\r\n'), events);
      await expectAnySplitMatches(withLineEnds(bytes, '\r'), events);
    });

    it('Anthropic via OpenAI-compatible: 9 events, the last [DONE] without a closing blank line', async () => {
      const bytes = fixture(anthropicFallback);
      const events = decodeAtOnce(bytes);
      expect(events).toHaveLength(9);
      expect(events.at(-1)?.data).toBe('[DONE]');
      expect((JSON.parse(events[0]?.data ?? '') as { model: string }).model).toBe(
        'claude-haiku-4-5-20251001',
      );
      await expectAnySplitMatches(bytes, events);
      await expectAnySplitMatches(withLineEnds(bytes, '\r'), events);
    });

    it('Anthropic native: 118 named events with padded JSON, names matching each payload’s type', async () => {
      const bytes = fixture(anthropicThinking);
      const events = decodeAtOnce(bytes);
      expect(events).toHaveLength(118);
      expect(events.filter((event) => event.event === 'content_block_delta')).toHaveLength(110);
      for (const event of events) {
        // The real API pads its JSON with trailing spaces; the decoder must keep the data intact.
        expect((JSON.parse(event.data) as { type: string }).type).toBe(event.event);
      }
      expect(events.at(-1)).toMatchObject({ event: 'message_stop' });
      await expectAnySplitMatches(bytes, events);
      await expectAnySplitMatches(withLineEnds(bytes, '\r\n'), events);
    });

    it('vercel-ai chunks replayed as Anthropic SSE: one event per recorded line', async () => {
      const bytes = fixture(anthropicText);
      const events = decodeAtOnce(bytes);
      expect(events).toHaveLength(12);
      expect(events[0]?.event).toBe('message_start');
      await expectAnySplitMatches(bytes, events);
    });
  },
);

describe.skipIf(!hasSharedDirectory())(
  `recorded NDJSON decodes the same for any split (${sharedMissingReason})`,
  () => {
    it('Ollama /api/generate: 143 objects, the last done with done_reason stop', async () => {
      const bytes = new Uint8Array(await readFixtureBytes(ollamaGenerate));
      const decode = (chunks: Uint8Array[]) =>
        decodeAll(createNdjsonDecoder<Record<string, unknown>>({ provider: 'ollama' }), chunks);
      const expected = await decode([bytes]);
      expect(expected).toHaveLength(143);
      expect(expected.filter((item) => typeof item.thinking === 'string')).toHaveLength(133);
      expect(expected.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
      expect(await decode(oneByteChunks(bytes))).toEqual(expected);
      expect(await decode(oneByteChunks(withLineEnds(bytes, '\r\n')))).toEqual(expected);
      await fc.assert(
        fc.asyncProperty(cutOffsets(bytes.length), async (offsets) => {
          expect(await decode(splitAt(bytes, offsets))).toEqual(expected);
        }),
        { numRuns: 40 },
      );
    });
  },
);
