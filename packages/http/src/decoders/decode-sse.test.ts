import { describe, expect, it } from 'vitest';
import { asBody, bytesOf, collect, oneByteChunks } from '../../test/support/split-bytes.js';
import { decodeSse } from './decode-sse.js';

describe('decodeSse', () => {
  it('decodes an async body read by read', async () => {
    const bytes = bytesOf('event: a\r\ndata: é\r\n\r\n: comment\r\ndata: [DONE]\r\n\r\n');
    expect(await collect(decodeSse(asBody(oneByteChunks(bytes))))).toEqual([
      { event: 'a', data: 'é', id: undefined },
      { event: undefined, data: '[DONE]', id: undefined },
    ]);
  });

  it('returns the body’s iterator when the consumer leaves early', async () => {
    let returned = false;
    const body: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]() {
        const chunks = [bytesOf('data: 1\n\n'), bytesOf('data: 2\n\n')];
        return {
          next: async () => {
            const value = chunks.shift();
            return value === undefined ? { done: true, value: undefined } : { done: false, value };
          },
          return: async () => {
            returned = true;
            return { done: true, value: undefined };
          },
        };
      },
    };
    for await (const event of decodeSse(body)) {
      expect(event.data).toBe('1');
      break;
    }
    expect(returned).toBe(true);
  });

  it('propagates a RangeError for a line beyond maxLineLength', async () => {
    await expect(
      collect(decodeSse(asBody([bytesOf(`data: ${'x'.repeat(100)}`)]), { maxLineLength: 50 })),
    ).rejects.toThrow(RangeError);
  });
});
