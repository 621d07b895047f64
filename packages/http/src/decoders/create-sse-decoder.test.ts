import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesOf, cutOffsets, oneByteChunks, splitAt } from '../../test/support/split-bytes.js';
import { createSseDecoder } from './create-sse-decoder.js';
import type { SseEvent } from './sse-event.js';

function decodeAll(chunks: readonly Uint8Array[]): SseEvent[] {
  const decoder = createSseDecoder();
  const events: SseEvent[] = [];
  for (const chunk of chunks) events.push(...decoder.push(chunk));
  events.push(...decoder.flush());
  return events;
}

function decodeText(text: string): SseEvent[] {
  return decodeAll([bytesOf(text)]);
}

describe('createSseDecoder', () => {
  it('dispatches an event at each blank line', () => {
    expect(decodeText('data: one\n\ndata: two\n\n')).toEqual([
      { event: undefined, data: 'one', id: undefined },
      { event: undefined, data: 'two', id: undefined },
    ]);
  });

  it('reads event and id fields, and resets them after each event', () => {
    expect(decodeText('event: message_start\nid: 7\ndata: {}\n\ndata: x\n\n')).toEqual([
      { event: 'message_start', data: '{}', id: '7' },
      { event: undefined, data: 'x', id: undefined },
    ]);
  });

  it('joins multi-line data with \\n', () => {
    expect(decodeText('data: a\ndata:\ndata: c\n\n')).toEqual([
      { event: undefined, data: 'a\n\nc', id: undefined },
    ]);
  });

  it('strips exactly one space after the colon', () => {
    expect(decodeText('data:x\n\ndata:  x\n\ndata\n\n').map((event) => event.data)).toEqual(['x', ' x', '']);
  });

  it('ignores comment lines such as OpenRouter keep-alives', () => {
    expect(decodeText(': OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: {"a":1}\n\n')).toEqual([
      { event: undefined, data: '{"a":1}', id: undefined },
    ]);
  });

  it('does not dispatch an event that has no data', () => {
    expect(decodeText('event: ping\n\nid: 3\n\n')).toEqual([]);
  });

  it('ignores retry and unknown fields, and ids holding NUL', () => {
    expect(decodeText('retry: 1000\nfoo: bar\nid: a\u0000b\ndata: x\n\n')).toEqual([
      { event: undefined, data: 'x', id: undefined },
    ]);
  });

  it('passes [DONE] through as data', () => {
    expect(decodeText('data: [DONE]\n\n')).toEqual([{ event: undefined, data: '[DONE]', id: undefined }]);
  });

  it('handles CR-only and CRLF line ends', () => {
    expect(decodeText('event: a\rdata: 1\r\rdata: 2\r\n\r\n')).toEqual([
      { event: 'a', data: '1', id: undefined },
      { event: undefined, data: '2', id: undefined },
    ]);
  });

  it('dispatches an event the stream ended without a blank line for', () => {
    // vercel-ai's anthropic-fallback-tool-call.sse ends with `data: [DONE]\n` and no blank line.
    expect(decodeText('data: 1\n\ndata: [DONE]\n')).toEqual([
      { event: undefined, data: '1', id: undefined },
      { event: undefined, data: '[DONE]', id: undefined },
    ]);
    expect(decodeText('data: [DONE]')).toEqual([{ event: undefined, data: '[DONE]', id: undefined }]);
  });

  it('gives the events it was written from, for any split of the bytes', () => {
    const fieldText = fc
      .string({ unit: 'grapheme', maxLength: 16 })
      .map((text) => text.replace(/[\r\n]/g, ''));
    const eventArbitrary = fc.record({
      event: fc.option(
        fieldText.filter((name) => name.length > 0),
        { nil: undefined },
      ),
      id: fc.option(
        fieldText.map((id) => id.replaceAll('\u0000', '')),
        { nil: undefined },
      ),
      dataLines: fc.array(fieldText, { maxLength: 3 }),
      comment: fc.boolean(),
    });
    const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(
        fc.array(eventArbitrary, { maxLength: 8 }),
        fc.array(lineEnd, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (events, ends, endWithBlankLine) => {
          let endIndex = 0;
          let lastEnd = '';
          const nextEnd = () => {
            lastEnd = ends[endIndex++ % ends.length] ?? '\n';
            return lastEnd;
          };
          // A blank line's LF right after a CR would read as one CRLF line end, so it is written as CRLF.
          const blankLine = () => {
            const previous = lastEnd;
            const end = nextEnd();
            return previous === '\r' && end === '\n' ? '\r\n' : end;
          };
          const parts: string[] = [];
          events.forEach((event, index) => {
            if (event.comment) parts.push(`: keep-alive${nextEnd()}`);
            if (event.event !== undefined) parts.push(`event: ${event.event}${nextEnd()}`);
            if (event.id !== undefined) parts.push(`id: ${event.id}${nextEnd()}`);
            for (const line of event.dataLines) parts.push(`data: ${line}${nextEnd()}`);
            if (index < events.length - 1 || endWithBlankLine) parts.push(blankLine());
          });
          const text = parts.join('');
          const expected = events
            .filter((event) => event.dataLines.length > 0)
            .map((event) => ({ event: event.event, data: event.dataLines.join('\n'), id: event.id }));
          const bytes = bytesOf(text);
          expect(decodeAll(oneByteChunks(bytes))).toEqual(expected);
          fc.assert(
            fc.property(cutOffsets(bytes.length), (offsets) => {
              expect(decodeAll(splitAt(bytes, offsets))).toEqual(expected);
            }),
            { numRuns: 10 },
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
