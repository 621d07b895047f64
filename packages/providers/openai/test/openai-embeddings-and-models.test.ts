import { createLLM } from '@core/session';
import { embedText, type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIAdapter } from '../src/index.js';
import { openAIDefaultEmbeddingModel } from '../src/openai-options.js';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm({ models: ['gpt-4o-mini', 'text-embedding-3-small', 'o4-mini'] });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const apiKey = 'sk-test-embeddings-0123456789';

function embeddingRequestBody(index: number): Record<string, unknown> {
  const request = mock.requests[index];
  expect(request?.path).toBe('/v1/embeddings');
  return request?.body as Record<string, unknown>;
}

describe('embeddings (POST /embeddings)', () => {
  it('uses text-embedding-3-small when embed() is not given an embedding model', async () => {
    expect(openAIDefaultEmbeddingModel).toBe('text-embedding-3-small');
    const llm = createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey });
    const vectors = await llm.embed(['alpha', 'beta']);
    expect(vectors).toEqual([embedText('alpha', 8), embedText('beta', 8)]);
    expect(embeddingRequestBody(0)).toEqual({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    await llm.unloadModel();
  });

  it('names its default embedding model on the adapter, and a model given to embed() wins over it', async () => {
    expect(createOpenAIAdapter({ apiKey }).defaultEmbeddingModel).toBe(openAIDefaultEmbeddingModel);
    // The chat model setting is for chat: embed() does not fall back to it.
    const llm = createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey, model: 'gpt-4o' });
    await llm.embed('alpha');
    await llm.embed('alpha', { model: 'text-embedding-ada-002' });
    expect(embeddingRequestBody(0).model).toBe('text-embedding-3-small');
    expect(embeddingRequestBody(1).model).toBe('text-embedding-ada-002');
    await llm.unloadModel();
  });

  it('takes the embeddingModel option as the default embedding model', async () => {
    const llm = createLLM('openai', {
      baseUrl: mock.openaiBaseUrl,
      apiKey,
      embeddingModel: 'text-embedding-3-large',
    });
    await llm.embed('alpha');
    expect(embeddingRequestBody(0).model).toBe('text-embedding-3-large');
    await llm.unloadModel();
  });

  it('sends dimensions from providerOptions', async () => {
    const adapter = createOpenAIAdapter({ baseUrl: mock.openaiBaseUrl, apiKey });
    const result = await adapter.embed?.({
      input: ['alpha'],
      model: 'text-embedding-3-small',
      providerOptions: { dimensions: 16 },
    });
    expect(result?.embeddings).toEqual([embedText('alpha', 16)]);
    expect(embeddingRequestBody(0)).toEqual({
      model: 'text-embedding-3-small',
      input: ['alpha'],
      dimensions: 16,
    });
    await adapter.unload();
  });
});

describe('model listing (GET /models)', () => {
  it('lists the models and reports health', async () => {
    const llm = createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey });
    const models = await llm.listModels();
    expect(models.map((model) => model.id)).toEqual(['gpt-4o-mini', 'text-embedding-3-small', 'o4-mini']);
    expect(models[0]?.ownedBy).toBe('mock-llm');
    expect(mock.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(mock.requests[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect((await llm.health()).ok).toBe(true);
    await llm.unloadModel();
  });
});
