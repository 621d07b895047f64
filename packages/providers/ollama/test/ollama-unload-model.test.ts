import { ProviderConnectionError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOllamaAdapter } from '../src/ollama-adapter.js';
import { bodyOf, ollamaAt, waitFor } from './helpers.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

describe('unloadModel', () => {
  it('sends keep_alive: 0 for the model to /api/generate, then closes the sockets', async () => {
    const llm = ollamaAt(mock, { model: 'qwen3:4b', keepAlive: '1h' });
    await llm.agenerate('hello');
    await waitFor(() => mock.openConnections > 0);

    await llm.unloadModel('qwen3:4b');
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[1]?.path).toBe('/api/generate');
    // ollama-api.md, "Unload a model": no prompt, keep_alive 0; stream false asks for one JSON object.
    expect(bodyOf(mock, 1)).toEqual({ model: 'qwen3:4b', keep_alive: 0, stream: false });
    await waitFor(() => mock.openConnections === 0);

    // The adapter still works afterwards: a new pool opens on the next request.
    const again = await llm.agenerate('again');
    expect(again.content).toBe('Echo: again');
    await llm.unloadModel();
  });

  it('without a model, unloads every model this LLM used', async () => {
    const llm = ollamaAt(mock, { model: 'a-model' });
    await llm.agenerate('one');
    await llm.agenerate('two', { model: 'b-model' });
    await llm.unloadModel();
    const unloads = mock.requests.filter((request) => request.path === '/api/generate');
    expect(unloads.map((request) => (request.body as { model: string }).model).sort()).toEqual([
      'a-model',
      'b-model',
    ]);
    expect(unloads.every((request) => (request.body as { keep_alive: number }).keep_alive === 0)).toBe(true);
    await waitFor(() => mock.openConnections === 0);

    mock.reset();
    await llm.unloadModel();
    expect(mock.requests).toHaveLength(0);
  });

  it('treats a model Ollama does not have as already unloaded', async () => {
    const llm = ollamaAt(mock);
    await llm.agenerate('hello');
    mock.enqueue({
      kind: 'status',
      status: 404,
      body: { error: 'model "ghost" not found, try pulling it first' },
      match: { path: '/api/generate' },
    });
    await expect(llm.unloadModel('ghost')).resolves.toBeUndefined();
    await waitFor(() => mock.openConnections === 0);
  });

  it('reports a server it cannot reach, and still closes the pool', async () => {
    const adapter = createOllamaAdapter({ baseUrl: 'http://127.0.0.1:1' });
    const failure = await adapter.unload('qwen3:4b').catch((error: unknown) => error);
    expect(ProviderConnectionError.isInstance(failure)).toBe(true);
  });
});
