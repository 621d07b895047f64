import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeRaw, parseRawResponse } from './support/raw-socket.js';
import { type Stack, startStack } from './support/start-stack.js';

// What Node's HTTP parser and Fastify's router refuse never reaches a route; it used to be answered with
// their own bodies (`{"error":"Bad Request","message":"Client Error","statusCode":400}`). Raw sockets send
// bytes no HTTP client would.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const openAiError = (status: number, code: string) => ({
  status,
  error: { message: expect.any(String), type: 'invalid_request_error', param: null, code },
});

async function send(text: string) {
  const response = parseRawResponse(await exchangeRaw(stack.url, text));
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return { status: response.status, ...JSON.parse(response.body) };
}

describe('an HTTP-level error is answered in OpenAI shape', () => {
  it('a Content-Length that is not a number (400)', async () => {
    const answer = await send('POST /generate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 12x\r\n\r\n');
    expect(answer).toEqual(openAiError(400, 'invalid_content_length'));
  });

  it('two different Content-Length headers (400)', async () => {
    const answer = await send(
      'POST /generate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    );
    expect(answer).toEqual(openAiError(400, 'invalid_content_length'));
  });

  it('a chunked body with a bad chunk size (400)', async () => {
    const answer = await send(
      'POST /generate HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    );
    expect(answer).toEqual(openAiError(400, 'invalid_transfer_encoding'));
  });

  it('a request line that is not HTTP (400)', async () => {
    const answer = await send('GET /a b c HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(answer).toEqual(openAiError(400, 'malformed_request'));
  });

  it('a URL with a bad percent-encoding (400)', async () => {
    const answer = await send('GET /v1/models/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answer).toEqual(openAiError(400, 'invalid_url'));
  });

  it('headers larger than Node accepts (431)', async () => {
    const answer = await send(
      `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer).toEqual(openAiError(431, 'request_header_fields_too_large'));
  });

  it('reaches no provider, and leaves the server serving', async () => {
    expect(stack.mock.requests).toHaveLength(0);
    const health = await fetch(`${stack.url}/health`);
    expect(health.status).toBe(200);
  });
});
