import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockLlm } from '../src/index.js';
import { startMockLlm } from '../src/index.js';
import { chatBody, getText, postJson } from './http-client.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
  mock.setDefault({});
});

async function openAiText(prompt: string, model = 'test-model'): Promise<string> {
  const response = await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody(prompt, { model }));
  return JSON.parse(response.text).choices[0].message.content;
}

describe('reply queue', () => {
  it('serves queued replies first in, first out, then the echo default', async () => {
    mock.enqueue({ kind: 'text', text: 'first' }, { kind: 'text', text: 'second' });
    expect(mock.pendingReplies).toBe(2);
    expect(await openAiText('a')).toBe('first');
    expect(await openAiText('b')).toBe('second');
    expect(await openAiText('c')).toBe('Echo: c');
  });

  it('routes replies by model, wire and path', async () => {
    mock.enqueue(
      { kind: 'text', text: 'for ollama', match: { wire: 'ollama' } },
      { kind: 'text', text: 'for small', match: { model: 'small' } },
      { kind: 'text', text: 'for no-v1 path', match: { path: '/chat/completions' } },
    );
    expect(await openAiText('x', 'big')).toBe('Echo: x');
    expect(await openAiText('x', 'small')).toBe('for small');
    const noPrefix = await postJson(`${mock.url}/chat/completions`, chatBody('x'));
    expect(JSON.parse(noPrefix.text).choices[0].message.content).toBe('for no-v1 path');
    const ollama = await postJson(`${mock.url}/api/chat`, chatBody('x', { stream: false }));
    expect(JSON.parse(ollama.text).message.content).toBe('for ollama');
    expect(mock.pendingReplies).toBe(0);
  });

  it('answers concurrent requests each with its own echo', async () => {
    const prompts = Array.from({ length: 25 }, (_, index) => `prompt number ${index}`);
    const answers = await Promise.all(prompts.map((prompt) => openAiText(prompt)));
    expect(answers).toEqual(prompts.map((prompt) => `Echo: ${prompt}`));
  });

  it('uses setDefault for every unscripted request', async () => {
    mock.setDefault({ text: 'always this', model: 'fixed-model' });
    const response = JSON.parse(
      (await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody('x'))).text,
    );
    expect(response.model).toBe('fixed-model');
    expect(response.choices[0].message.content).toBe('always this');
  });

  it('records requests in order with parsed bodies, and reset clears them and the queue', async () => {
    mock.enqueue({ kind: 'text', text: 'unused', match: { model: 'never' } });
    await openAiText('one');
    await getText(`${mock.url}/v1/models?limit=5`);
    expect(mock.requests.map((record) => [record.id, record.method, record.path, record.wire])).toEqual([
      [expect.any(Number), 'POST', '/v1/chat/completions', 'openai'],
      [expect.any(Number), 'GET', '/v1/models', 'openai'],
    ]);
    expect((mock.requests[1]?.id ?? 0) - (mock.requests[0]?.id ?? 0)).toBe(1);
    expect(mock.requests[1]?.url).toBe('/v1/models?limit=5');
    expect(mock.requests[0]?.body).toEqual(chatBody('one'));
    expect(mock.requests[0]?.stream).toBe(false);
    await expect(mock.requests[0]?.outcome).resolves.toBe('completed');
    mock.reset();
    expect(mock.requests).toHaveLength(0);
    expect(mock.pendingReplies).toBe(0);
  });

  it('rejects a reply of unknown kind', () => {
    expect(() => mock.enqueue({ kind: 'nonsense' } as never)).toThrow(TypeError);
  });

  it('is scriptable over HTTP through /__mock', async () => {
    const queued = await postJson(`${mock.url}/__mock/enqueue`, [
      { kind: 'text', text: 'over http' },
      { kind: 'status', status: 503 },
    ]);
    expect(JSON.parse(queued.text)).toEqual({ queued: 2 });
    expect(await openAiText('x')).toBe('over http');
    expect((await postJson(`${mock.openaiBaseUrl}/chat/completions`, chatBody('x'))).status).toBe(503);
    await postJson(`${mock.url}/__mock/default`, { text: 'http default' });
    expect(await openAiText('x')).toBe('http default');
    const recorded = JSON.parse((await getText(`${mock.url}/__mock/requests`)).text);
    expect(recorded).toHaveLength(3);
    expect(recorded[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', wire: 'openai' });
    expect((await postJson(`${mock.url}/__mock/enqueue`, { kind: 'bogus' })).status).toBe(400);
    await postJson(`${mock.url}/__mock/reset`, {});
    expect(mock.requests).toHaveLength(0);
  });
});
