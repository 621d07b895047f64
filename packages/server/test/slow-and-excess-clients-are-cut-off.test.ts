import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type ResponseLogEntry } from '../src/index.js';
import { openConnection, parseRawResponse } from './support/raw-socket.js';
import { jsonEvents, postSse } from './support/sse-client.js';
import { type Stack, startStack } from './support/start-stack.js';

// Over real sockets on loopback: a client that sends its request one byte at a time, or that only holds a
// connection open, must not keep it forever, and connections beyond the limit are turned away.

const requestTimeout = 300;

describe('requestTimeout', () => {
  let stack: Stack;
  const entries: ResponseLogEntry[] = [];
  beforeAll(async () => {
    stack = await startStack({ server: { requestTimeout, onResponse: (entry) => entries.push(entry) } });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.mock.reset();
    entries.length = 0;
  });

  it('answers 408 in OpenAI shape and closes a connection whose body trickles in', async () => {
    const connection = await openConnection(stack.url);
    connection.write(
      'POST /generate HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n',
    );
    // One byte every 50 ms: the body would take 5 s; without a timeout the connection outlives the test.
    const trickle = setInterval(() => connection.write(' '), 50);
    const { text, afterMs } = await connection.closed;
    clearInterval(trickle);
    expect(afterMs).toBeLessThan(requestTimeout + 1500);
    const response = parseRawResponse(text);
    expect(response.status).toBe(408);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body)).toEqual({
      error: {
        message: expect.stringContaining('in time'),
        type: 'invalid_request_error',
        param: null,
        code: 'request_timeout',
      },
    });
    expect(stack.mock.requests).toHaveLength(0);
    // Answered through the request's own response, so the access log has it, once.
    await expect
      .poll(() => entries)
      .toEqual([
        expect.objectContaining({ method: 'POST', url: '/generate', statusCode: 408, aborted: false }),
      ]);
  }, 5000);

  it('closes a connection whose headers never end', async () => {
    const connection = await openConnection(stack.url);
    connection.write('POST /generate HTTP/1.1\r\nHost: localhost\r\n');
    const trickle = setInterval(() => connection.write('x'), 50);
    const { text, afterMs } = await connection.closed;
    clearInterval(trickle);
    expect(afterMs).toBeLessThan(requestTimeout + 1500);
    expect(parseRawResponse(text).status).toBe(408);
  }, 5000);

  it('still serves a request that arrives in time', async () => {
    const response = await fetch(`${stack.url}/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'hello' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ response: 'Echo: hello' });
  });

  it('never cuts a stream that lasts longer than the request timeout', async () => {
    const chunks = Array.from({ length: 12 }, (_, index) => `c${index} `);
    stack.mock.enqueue({ kind: 'text', chunks, latency: { betweenChunksMs: 100 } });
    const startedAt = performance.now();
    const result = await postSse(`${stack.url}/stream`, { prompt: 'go' });
    expect(performance.now() - startedAt).toBeGreaterThan(requestTimeout * 3);
    expect(result.events.at(-1)).toBe('[DONE]');
    expect(
      jsonEvents<{ content: string }>(result)
        .map((chunk) => chunk.content)
        .join(''),
    ).toBe(chunks.join(''));
  });

  it('is on by default, and rejects a bad value', async () => {
    const app = createServer({ llm: stack.llm });
    expect(app.server.requestTimeout).toBe(30_000);
    expect(app.server.headersTimeout).toBe(30_000);
    expect(app.server.maxConnections).toBe(1000);
    await app.close();
    expect(() => createServer({ llm: stack.llm, requestTimeout: -1 })).toThrow(RangeError);
    expect(() => createServer({ llm: stack.llm, maxConnections: 1.5 })).toThrow(/maxConnections/);
  });
});

describe('maxConnections', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ server: { maxConnections: 2 } });
  });
  afterAll(() => stack.close());

  it('turns away connections beyond the limit, and accepts again once one closes', async () => {
    const request = 'GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n';
    const held = [await openConnection(stack.url), await openConnection(stack.url)];
    for (const connection of held) {
      connection.write(request);
      // Answered (a 404) and kept alive: both connections count.
      await expect.poll(() => connection.received).toContain('HTTP/1.1 404');
    }
    const third = await openConnection(stack.url);
    third.write(request);
    const refused = await third.closed;
    expect(refused.text).toBe('');

    held[0]?.socket.destroy();
    await held[0]?.closed;
    await expect
      .poll(async () => {
        const connection = await openConnection(stack.url);
        connection.write('GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
        return (await connection.closed).text.split('\r\n')[0];
      })
      .toBe('HTTP/1.1 404 Not Found');
    held[1]?.socket.destroy();
  });
});
