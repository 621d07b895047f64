import {
  chunksFixtureAsSse,
  hasSharedDirectory,
  readFixtureBytes,
  sharedMissingReason,
} from '@tooling/fixtures';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockLlm } from '../src/index.js';
import { startMockLlm } from '../src/index.js';
import { chatBody } from './http-client.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

async function fetchPieces(path: string, body: unknown = chatBody('hi', { stream: true })) {
  const response = await request(`${mock.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const pieces: Buffer[] = [];
  for await (const piece of response.body) pieces.push(piece as Buffer);
  return { status: response.statusCode, headers: response.headers, pieces, bytes: Buffer.concat(pieces) };
}

describe('raw replies', () => {
  it('writes the exact bytes and pieces given', async () => {
    mock.enqueue({
      kind: 'raw',
      status: 202,
      headers: { 'content-type': 'text/event-stream' },
      pieces: ['data: {"a":', [0xe2, 0x82], [0xac], '}\n\n'],
      latency: { betweenChunksMs: 15 },
    });
    const { status, headers, pieces, bytes } = await fetchPieces('/v1/chat/completions');
    expect(status).toBe(202);
    expect(headers['content-type']).toBe('text/event-stream');
    expect(bytes.toString('utf8')).toBe('data: {"a":€}\n\n');
    // Paced writes arrive as separate reads (loopback may still merge some under load).
    expect(pieces.length).toBeGreaterThan(2);
  });
});

const fixtureTitle = hasSharedDirectory()
  ? 'fixture replay'
  : `fixture replay (skipped: ${sharedMissingReason})`;

describe.skipIf(!hasSharedDirectory())(fixtureTitle, () => {
  it('replays a derived SSE transcript byte for byte', async () => {
    const path = 'derived/pydantic-ai__test_openrouter_stream_error.0.response.sse';
    mock.enqueue({ kind: 'fixture', path });
    const { status, headers, bytes } = await fetchPieces('/v1/chat/completions');
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/event-stream');
    expect(bytes.equals(await readFixtureBytes(path))).toBe(true);
  });

  it('replays a vercel-ai chunks file as OpenAI SSE and as Anthropic SSE', async () => {
    const openAiPath = 'openai/vercel-ai__openai-text.chunks.txt';
    const anthropicPath = 'anthropic/vercel-ai__anthropic-text.chunks.txt';
    mock.enqueue(
      { kind: 'fixture', path: openAiPath, format: 'chunks-sse' },
      { kind: 'fixture', path: anthropicPath, format: 'chunks-anthropic-sse' },
    );
    const openAi = await fetchPieces('/v1/chat/completions');
    expect(openAi.bytes.toString('utf8')).toBe(await chunksFixtureAsSse(openAiPath, { done: true }));
    const anthropic = await fetchPieces('/v1/messages');
    expect(anthropic.bytes.toString('utf8')).toBe(
      await chunksFixtureAsSse(anthropicPath, { eventLines: true }),
    );
  });

  it('writes the bytes in pieces of splitEvery bytes, paced by betweenChunksMs', async () => {
    const path = 'derived/attogram__ollama_generate_stream_json.gpt-oss-20b.ndjson';
    mock.enqueue({ kind: 'fixture', path, splitEvery: 4096, latency: { betweenChunksMs: 10 } });
    const expected = await readFixtureBytes(path);
    const { headers, pieces, bytes } = await fetchPieces('/api/generate', {
      model: 'gpt-oss:20b',
      prompt: 'x',
    });
    expect(headers['content-type']).toBe('application/x-ndjson');
    expect(expected.length).toBeGreaterThan(4096 * 3);
    expect(pieces.length).toBeGreaterThan(2);
    expect(bytes.equals(expected)).toBe(true);
  });

  it('replays a recorded error response with its status', async () => {
    const path =
      'derived/pydantic-ai__test_anthropic_explicit_effort_xhigh_unsupported_model_errors.0.response.json';
    mock.enqueue({ kind: 'fixture', path, format: 'response-json' });
    const { status, bytes } = await fetchPieces('/v1/messages');
    expect(status).toBe(400);
    expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({
      type: 'error',
      request_id: 'req_011Ca7jT9AHpgXgdv8igm4z9',
    });
  });

  it('answers 500 naming the fixture when it cannot be read', async () => {
    mock.enqueue({ kind: 'fixture', path: 'derived/does-not-exist.sse' });
    const { status, bytes } = await fetchPieces('/v1/chat/completions');
    expect(status).toBe(500);
    expect(bytes.toString('utf8')).toContain('does-not-exist.sse');
  });
});
