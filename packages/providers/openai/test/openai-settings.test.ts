import { createLLM } from '@core/session';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOpenAIAdapter } from '../src/index.js';
import { openAIDefaultBaseUrl, openAIDefaultModel } from '../src/openai-options.js';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  // The machine running the tests may have its own OpenAI settings; none of them may leak in.
  vi.stubEnv('OPENAI_API_KEY', '');
  vi.stubEnv('OPENAI_BASE_URL', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const apiKey = 'sk-test-settings-0123456789';

describe('base URL, key and headers', () => {
  it('defaults to api.openai.com/v1 and gpt-4o-mini', () => {
    expect(openAIDefaultBaseUrl).toBe('https://api.openai.com/v1');
    expect(openAIDefaultModel).toBe('gpt-4o-mini');
    expect(createOpenAIAdapter({ apiKey }).defaultModel).toBe(openAIDefaultModel);
    // What telemetry reports as the server (`server.address` api.openai.com).
    expect(createOpenAIAdapter({ apiKey }).baseUrl).toBe(openAIDefaultBaseUrl);
  });

  it('takes the baseUrl option over OPENAI_BASE_URL, and OPENAI_BASE_URL over the default', async () => {
    // Nothing listens on port 1: a request that went to the env URL would fail.
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:1/v1');
    mock.enqueue({ kind: 'text', text: 'from the option URL' }, { kind: 'text', text: 'from the env URL' });
    const fromOption = createLLM('openai', { apiKey, baseUrl: mock.openaiBaseUrl, maxRetries: 0 });
    expect((await fromOption.agenerate('hi')).content).toBe('from the option URL');
    vi.stubEnv('OPENAI_BASE_URL', mock.openaiBaseUrl);
    const llm = createLLM('openai', { apiKey, maxRetries: 0 });
    expect((await llm.agenerate('hi')).content).toBe('from the env URL');
    expect(mock.requests.map((request) => request.path)).toEqual([
      '/v1/chat/completions',
      '/v1/chat/completions',
    ]);
    await Promise.all([fromOption.unloadModel(), llm.unloadModel()]);
  });

  it('takes the apiKey option, then OPENAI_API_KEY, and sends it as a bearer token', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-the-environment');
    mock.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    const fromEnvironment = createLLM('openai', { baseUrl: mock.openaiBaseUrl });
    const fromOption = createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey });
    await fromEnvironment.agenerate('hi');
    await fromOption.agenerate('hi');
    expect(mock.requests[0]?.headers.authorization).toBe('Bearer sk-from-the-environment');
    expect(mock.requests[1]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    await Promise.all([fromEnvironment.unloadModel(), fromOption.unloadModel()]);
  });

  it('fails with a TypeError naming OPENAI_API_KEY when there is no key', async () => {
    expect(() => createOpenAIAdapter({ baseUrl: mock.openaiBaseUrl })).toThrow(TypeError);
    expect(() => createOpenAIAdapter({ baseUrl: mock.openaiBaseUrl })).toThrow(/OPENAI_API_KEY/);
    const llm = createLLM('openai', { baseUrl: mock.openaiBaseUrl });
    await expect(llm.agenerate('hi')).rejects.toThrow(/OPENAI_API_KEY/);
    expect(mock.requests).toHaveLength(0);
  });

  it('rejects provider options of the wrong type, naming them', () => {
    expect(() => createOpenAIAdapter({ apiKey, organization: 42 })).toThrow(/organization must be a string/);
    expect(() => createOpenAIAdapter({ apiKey, reasoningModel: 'yes' })).toThrow(/reasoningModel/);
    expect(() => createOpenAIAdapter({ apiKey, reasoningEffort: 2 })).toThrow(
      /reasoningEffort must be a string/,
    );
    // The common settings are checked by the same loader: a wrong type is named, never ignored.
    const wrongBaseUrl: Record<string, unknown> = { apiKey, baseUrl: 8080 };
    const wrongKey: Record<string, unknown> = { apiKey: 12345 };
    expect(() => createOpenAIAdapter(wrongBaseUrl)).toThrow(/openai: baseUrl must be a string/);
    expect(() => createOpenAIAdapter(wrongKey)).toThrow(/openai: apiKey must be a string/);
  });

  it('sends organization and project as OpenAI-Organization and OpenAI-Project, stream or not', async () => {
    const llm = createLLM('openai', {
      baseUrl: mock.openaiBaseUrl,
      apiKey,
      organization: 'org-abc',
      project: 'proj_xyz',
      headers: { 'x-extra': 'yes' },
    });
    mock.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    await llm.agenerate('hi');
    for await (const _chunk of await llm.agenerate('hi', { stream: true })) {
      // drain
    }
    for (const request of mock.requests) {
      expect(request.headers['openai-organization']).toBe('org-abc');
      expect(request.headers['openai-project']).toBe('proj_xyz');
      expect(request.headers['x-extra']).toBe('yes');
    }
    await llm.unloadModel();
  });

  it('sends neither header when the options are absent', async () => {
    const llm = createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey });
    mock.enqueue({ kind: 'text', text: 'a' });
    await llm.agenerate('hi');
    expect(mock.requests[0]?.headers['openai-organization']).toBeUndefined();
    expect(mock.requests[0]?.headers['openai-project']).toBeUndefined();
    await llm.unloadModel();
  });
});

describe('what goes on the wire', () => {
  it('uses gpt-4o-mini when no model is named, and never sends top_k', async () => {
    const llm = createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey, topK: 40 });
    mock.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    await llm.agenerate('hi', { topK: 5 });
    for await (const _chunk of await llm.agenerate('hi', { stream: true, topK: 5 })) {
      // drain
    }
    for (const request of mock.requests) {
      const body = request.body as Record<string, unknown>;
      expect(body.model).toBe('gpt-4o-mini');
      expect(body).not.toHaveProperty('top_k');
    }
    expect(mock.requests[1]?.body).toMatchObject({ stream_options: { include_usage: true } });
    await llm.unloadModel();
  });

  it('closes every pooled connection on unloadModel, after plain and streamed calls', async () => {
    const llm = createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey });
    mock.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    await llm.agenerate('hi');
    for await (const _chunk of await llm.agenerate('hi', { stream: true })) {
      // drain
    }
    await llm.listModels();
    expect(mock.openConnections).toBeGreaterThan(0);
    await llm.unloadModel();
    await vi.waitFor(() => expect(mock.openConnections).toBe(0));
  });
});
