import { embedText, type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOllamaAdapter } from '../src/ollama-adapter.js';
import { ollamaAt } from './helpers.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm({ models: ['qwen3:4b', 'nomic-embed-text:latest'] });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

describe('GET /api/tags', () => {
  it('lists models by name, modified_at as unix seconds, size and details kept in raw', async () => {
    const models = await ollamaAt(mock).listModels();
    expect(mock.requests[0]).toMatchObject({ method: 'GET', path: '/api/tags' });
    expect(models.map((model) => model.id)).toEqual(['qwen3:4b', 'nomic-embed-text:latest']);
    // The mock lists every model as modified at 2025-01-01T00:00:00Z.
    expect(models[0]?.created).toBe(Date.UTC(2025, 0, 1) / 1000);
    expect(models[0]?.raw).toMatchObject({
      size: expect.any(Number),
      details: { family: expect.any(String) },
    });
  });

  it('is what health() checks', async () => {
    const health = await ollamaAt(mock).health();
    expect(health.ok).toBe(true);
    expect(mock.requests[0]?.path).toBe('/api/tags');
  });
});

describe('POST /api/embed', () => {
  it('embeds a batch with {model, input: [...]} and reports prompt_eval_count as input tokens', async () => {
    const adapter = createOllamaAdapter({ baseUrl: mock.url, keepAlive: '2m' });
    const result = await adapter.embed?.({
      model: 'nomic-embed-text:latest',
      input: ['first text', 'the second text'],
    });
    expect(mock.requests[0]?.path).toBe('/api/embed');
    expect(mock.requests[0]?.body).toEqual({
      model: 'nomic-embed-text:latest',
      input: ['first text', 'the second text'],
      keep_alive: '2m',
    });
    expect(result?.embeddings).toEqual([embedText('first text', 8), embedText('the second text', 8)]);
    // The mock counts words as tokens.
    expect(result?.usage).toEqual({ inputTokens: 5 });
    expect(result?.model).toBe('nomic-embed-text:latest');
    expect(adapter.capabilities.embeddings).toBe(true);
    await adapter.unload();
  });

  it('works through llm.embed', async () => {
    const vectors = await ollamaAt(mock).embed('hello', { model: 'nomic-embed-text:latest' });
    expect(vectors).toEqual([embedText('hello', 8)]);
  });
});
