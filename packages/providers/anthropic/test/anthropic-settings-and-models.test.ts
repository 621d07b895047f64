import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAnthropicAdapter } from '../src/anthropic-adapter.js';
import { defaultAnthropicModel } from '../src/anthropic-options.js';

const apiKey = 'sk-ant-test-settings-0123456789';
let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm({ models: ['claude-opus-x', 'claude-haiku-y'] });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('settings', () => {
  it('requires a key, naming ANTHROPIC_API_KEY', () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    expect(() => createAnthropicAdapter({ baseUrl: mock.url })).toThrow(/ANTHROPIC_API_KEY/);
  });

  it('refuses a setting that is not a string, naming it; an empty one counts as not given', () => {
    expect(() => createAnthropicAdapter({ apiKey, baseUrl: 42 as unknown as string })).toThrow(
      /anthropic: baseUrl must be a string/,
    );
    expect(() => createAnthropicAdapter({ apiKey: 7 as unknown as string })).toThrow(
      /apiKey must be a string/,
    );
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-environment-0123');
    expect(createAnthropicAdapter({ apiKey: '', model: '' }).defaultModel).toBe(defaultAnthropicModel);
  });

  it('reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL once, when the adapter is made', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-environment-0123');
    vi.stubEnv('ANTHROPIC_BASE_URL', mock.url);
    const adapter = createAnthropicAdapter({});
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-changed-later-0123');
    vi.stubEnv('ANTHROPIC_BASE_URL', 'http://127.0.0.1:1');
    try {
      mock.enqueue({ kind: 'text', text: 'ok' });
      const result = await adapter.doGenerate({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      expect(result.content).toBe('ok');
      expect(mock.requests[0]?.headers['x-api-key']).toBe('sk-ant-from-environment-0123');
    } finally {
      await adapter.unload();
    }
  });

  it('accepts a base URL that already ends in /v1', async () => {
    const adapter = createAnthropicAdapter({ baseUrl: `${mock.url}/v1/`, apiKey });
    try {
      mock.enqueue({ kind: 'text', text: 'ok' });
      await adapter.doGenerate({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      expect(mock.requests[0]?.path).toBe('/v1/messages');
      // Telemetry's server address is the base the paths are joined to.
      expect(adapter.baseUrl).toBe(mock.url);
    } finally {
      await adapter.unload();
    }
  });

  it('has a default model, no embeddings, and says what it can do', () => {
    const adapter = createAnthropicAdapter({ apiKey });
    expect(adapter.provider).toBe('anthropic');
    expect(adapter.defaultModel).toBe(defaultAnthropicModel);
    expect(createAnthropicAdapter({ apiKey, model: 'claude-x' }).defaultModel).toBe('claude-x');
    expect(adapter.embed).toBeUndefined();
    expect(adapter.capabilities).toEqual({
      tools: true,
      structuredOutput: 'json-schema',
      images: true,
      embeddings: false,
    });
  });

  it('unload closes the pool', async () => {
    const adapter = createAnthropicAdapter({ baseUrl: mock.url, apiKey });
    mock.enqueue({ kind: 'text', text: 'ok' });
    await adapter.doGenerate({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(mock.openConnections).toBeGreaterThan(0);
    await adapter.unload();
    await expect.poll(() => mock.openConnections).toBe(0);
  });
});

describe('listModels', () => {
  it('converts created_at (RFC 3339) to unix seconds', async () => {
    const adapter = createAnthropicAdapter({ baseUrl: mock.url, apiKey });
    try {
      const models = await adapter.listModels();
      // The mock dates every model 2025-01-01T00:00:00Z.
      expect(models.map(({ id, created }) => ({ id, created }))).toEqual([
        { id: 'claude-opus-x', created: Date.UTC(2025, 0, 1) / 1000 },
        { id: 'claude-haiku-y', created: Date.UTC(2025, 0, 1) / 1000 },
      ]);
      expect(models[0]?.raw).toMatchObject({ display_name: 'claude-opus-x' });
    } finally {
      await adapter.unload();
    }
  });

  it('follows has_more / last_id across pages', async () => {
    const page = (ids: string[], hasMore: boolean) => ({
      kind: 'raw' as const,
      match: { path: '/v1/models' },
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-02-19T00:00:00Z' })),
        has_more: hasMore,
        first_id: ids[0],
        last_id: ids.at(-1),
      }),
    });
    mock.enqueue(page(['a', 'b'], true), page(['c'], false));
    const adapter = createAnthropicAdapter({ baseUrl: mock.url, apiKey });
    try {
      expect((await adapter.listModels()).map((model) => model.id)).toEqual(['a', 'b', 'c']);
      expect(mock.requests.map((request) => request.url)).toEqual([
        '/v1/models?limit=1000',
        '/v1/models?limit=1000&after_id=b',
      ]);
    } finally {
      await adapter.unload();
    }
  });
});
