import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockLlm } from '../src/index.js';
import { startMockLlm } from '../src/index.js';
import { chatBody, postJson, sleep } from './http-client.js';
import { parseNdjson, parseOpenAiSse, parseSse } from './wire-parsers.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm({ defaultReply: { text: 'one two three four five' } });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const anthropicHeaders = { 'anthropic-version': '2023-06-01' };

function openRequest(
  path: string,
  body: unknown,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
) {
  return request(`${mock.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

/** Reads a body piece by piece, keeping what arrived even when the read fails. */
async function readPieces(body: AsyncIterable<Buffer>): Promise<{ pieces: Buffer[]; error: unknown }> {
  const pieces: Buffer[] = [];
  try {
    for await (const piece of body) pieces.push(piece);
    return { pieces, error: undefined };
  } catch (error) {
    return { pieces, error };
  }
}

describe('connection faults', () => {
  it('reset-before-headers: the client sees a socket error and no response', async () => {
    mock.enqueue({ kind: 'reset-before-headers' });
    const error = await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody('hi')).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    await expect(mock.requests[0]?.outcome).resolves.toBe('completed');
  });

  it('reset-mid-stream: the client gets the headers and the first chunks, then a socket error', async () => {
    mock.enqueue({ kind: 'reset-mid-stream', afterChunks: 2 });
    const response = await openRequest('/v1/chat/completions', chatBody('hi', { stream: true }));
    expect(response.statusCode).toBe(200);
    const { pieces, error } = await readPieces(response.body);
    expect(error).toBeInstanceOf(Error);
    const { chunks, done } = parseOpenAiSse(Buffer.concat(pieces).toString('utf8'));
    expect(done).toBe(false);
    const contents = chunks.map(
      (chunk) => (chunk.choices as Array<{ delta: { content?: string } }>)[0]?.delta.content,
    );
    expect(contents).toEqual(['one', ' two']);
  });

  it('reset-mid-stream cuts an Ollama stream the same way', async () => {
    mock.enqueue({ kind: 'reset-mid-stream', afterChunks: 1 });
    const response = await openRequest('/api/chat', chatBody('hi'));
    const { pieces, error } = await readPieces(response.body);
    expect(error).toBeInstanceOf(Error);
    const lines = parseNdjson(Buffer.concat(pieces).toString('utf8'));
    expect(lines.map((line) => (line.message as { content: string }).content)).toEqual(['one']);
  });

  it('hang: nothing arrives until the client aborts, then the outcome is client-closed', async () => {
    mock.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = openRequest('/v1/chat/completions', chatBody('hi'), controller.signal);
    pending.catch(() => {});
    await vi.waitFor(() => expect(mock.requests).toHaveLength(1));
    const state = await Promise.race([pending.then(() => 'responded'), sleep(100).then(() => 'waiting')]);
    expect(state).toBe('waiting');
    controller.abort();
    await expect(pending).rejects.toThrow();
    const record = mock.requests[0];
    await expect(record?.outcome).resolves.toBe('client-closed');
    expect(record?.closedEarly).toBe(true);
  });

  it('hang after chunks: headers and the first chunk arrive, then the stream stalls', async () => {
    mock.enqueue({ kind: 'hang', afterChunks: 1 });
    const controller = new AbortController();
    const response = await openRequest(
      '/v1/messages',
      chatBody('hi', { stream: true }),
      controller.signal,
      anthropicHeaders,
    );
    expect(response.statusCode).toBe(200);
    const iterator = response.body[Symbol.asyncIterator]();
    let received = '';
    while (!received.includes('text_delta'))
      received += ((await iterator.next()).value as Buffer).toString('utf8');
    const types = parseSse(received).map((event) => event.event);
    expect(types).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta']);
    const next = iterator.next();
    next.catch(() => {});
    expect(await Promise.race([next.then(() => 'more'), sleep(80).then(() => 'stalled')])).toBe('stalled');
    controller.abort();
    await expect(mock.requests[0]?.outcome).resolves.toBe('client-closed');
  });
});

describe('wire faults', () => {
  it('malformed-json (stream): one event is not valid JSON', async () => {
    mock.enqueue({ kind: 'malformed-json' });
    const response = await postJson(
      `${mock.openaiBaseUrl}/chat/completions`,
      chatBody('hi', { stream: true }),
    );
    const events = parseSse(response.text).filter((event) => event.data !== '[DONE]');
    const failures = events.filter((event) => {
      try {
        JSON.parse(event.data);
        return false;
      } catch {
        return true;
      }
    });
    expect(failures).toHaveLength(1);
    expect(events.indexOf(failures[0] as (typeof events)[number])).toBe(1);
  });

  it('malformed-json (non-stream): a 200 whose body does not parse', async () => {
    mock.enqueue({ kind: 'malformed-json' });
    const response = await postJson(`${mock.url}/v1/messages`, chatBody('hi'), { headers: anthropicHeaders });
    expect(response.status).toBe(200);
    expect(() => JSON.parse(response.text)).toThrow();
  });

  it('truncated: each wire ends cleanly without its finish signal', async () => {
    mock.enqueue({ kind: 'truncated' }, { kind: 'truncated' }, { kind: 'truncated' });
    const openai = await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody('hi', { stream: true }));
    const { chunks, done } = parseOpenAiSse(openai.text);
    expect(done).toBe(false);
    expect(chunks.length).toBe(5);
    expect(
      chunks.every(
        (chunk) => (chunk.choices as Array<{ finish_reason: unknown }>)[0]?.finish_reason === null,
      ),
    ).toBe(true);

    const anthropic = await postJson(`${mock.url}/v1/messages`, chatBody('hi', { stream: true }), {
      headers: anthropicHeaders,
    });
    const types = parseSse(anthropic.text).map((event) => event.event);
    expect(types).toContain('content_block_delta');
    expect(types).not.toContain('message_delta');
    expect(types).not.toContain('message_stop');

    const ollama = await postJson(`${mock.url}/api/chat`, chatBody('hi'));
    const lines = parseNdjson(ollama.text);
    expect(lines).toHaveLength(5);
    expect(lines.some((line) => line.done === true)).toBe(false);
  });

  it('truncated (non-stream): a clean 200 whose JSON stops half way', async () => {
    mock.enqueue({ kind: 'truncated' });
    const response = await postJson(`${mock.url}/api/chat`, chatBody('hi', { stream: false }));
    expect(response.status).toBe(200);
    expect(() => JSON.parse(response.text)).toThrow();
    expect(response.text.startsWith('{"model":')).toBe(true);
  });

  it('split-utf8: multi-byte characters straddle separate reads yet join to the text', async () => {
    const text = 'café 中文 😀 naïve';
    mock.enqueue({ kind: 'split-utf8', text });
    const response = await openRequest('/v1/chat/completions', chatBody('hi', { stream: true }));
    const { pieces, error } = await readPieces(response.body);
    expect(error).toBeUndefined();
    expect(pieces.length).toBeGreaterThan(1);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const piecesThatDoNotDecodeAlone = pieces.filter((piece) => {
      try {
        decoder.decode(piece);
        return false;
      } catch {
        return true;
      }
    });
    expect(piecesThatDoNotDecodeAlone.length).toBeGreaterThan(0);
    const { chunks, done } = parseOpenAiSse(Buffer.concat(pieces).toString('utf8'));
    expect(done).toBe(true);
    const joined = chunks.map(
      (chunk) => (chunk.choices as Array<{ delta: { content?: string } }>)[0]?.delta.content ?? '',
    );
    expect(joined.join('')).toBe(text);
  });

  it('error-event: OpenAI gets a data event with an error object after the first chunk', async () => {
    mock.enqueue({ kind: 'error-event', message: 'Token limit reached', code: 'token_limit' });
    const response = await postJson(
      `${mock.openaiBaseUrl}/chat/completions`,
      chatBody('hi', { stream: true }),
    );
    const { chunks, done } = parseOpenAiSse(response.text);
    expect(done).toBe(false);
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toEqual({ error: { message: 'Token limit reached', code: 'token_limit' } });
  });

  it('error-event: Anthropic gets an error event with overloaded_error', async () => {
    mock.enqueue({ kind: 'error-event', afterChunks: 2, message: 'Overloaded' });
    const response = await postJson(`${mock.url}/v1/messages`, chatBody('hi', { stream: true }), {
      headers: anthropicHeaders,
    });
    const events = parseSse(response.text);
    expect(events.filter((event) => event.event === 'content_block_delta')).toHaveLength(2);
    expect(events.at(-1)?.event).toBe('error');
    expect(JSON.parse(events.at(-1)?.data ?? '')).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('error-event: Ollama gets an error line', async () => {
    mock.enqueue({ kind: 'error-event', message: 'an error was encountered while running the model' });
    const lines = parseNdjson((await postJson(`${mock.url}/api/generate`, { model: 'm', prompt: 'x' })).text);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toEqual({ error: 'an error was encountered while running the model' });
  });
});
