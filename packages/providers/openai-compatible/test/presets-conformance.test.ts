import { createLLM } from '@core/session';
import { describeConformance } from '@tooling/conformance';
import {
  createLmStudioAdapter,
  createOpenRouterAdapter,
  createVllmAdapter,
} from '../src/create-preset-adapters.js';

// LM Studio, vLLM and OpenRouter are presets of this package: each runs the whole suite under its own name.
const openRouterKey = 'sk-or-v1-test-0123456789SECRET';

describeConformance({
  provider: 'lmstudio',
  wire: 'openai',
  createLLM: (mock, options) =>
    createLLM('lmstudio', { baseUrl: mock.openaiBaseUrl, model: 'test-model', ...options }),
  createAdapter: (baseUrl) => createLmStudioAdapter({ baseUrl, model: 'test-model' }),
  features: { tools: true, reasoning: true, embeddings: true, images: true },
});

describeConformance({
  provider: 'vllm',
  wire: 'openai',
  createLLM: (mock, options) =>
    createLLM('vllm', { baseUrl: mock.openaiBaseUrl, model: 'test-model', ...options }),
  createAdapter: (baseUrl) => createVllmAdapter({ baseUrl, model: 'test-model' }),
  features: { tools: true, reasoning: true, embeddings: true, images: true },
});

describeConformance({
  provider: 'openrouter',
  wire: 'openai',
  apiKey: openRouterKey,
  createLLM: (mock, options) =>
    createLLM('openrouter', {
      baseUrl: mock.openaiBaseUrl,
      apiKey: openRouterKey,
      model: 'test-model',
      ...options,
    }),
  createAdapter: (baseUrl) =>
    createOpenRouterAdapter({ baseUrl, apiKey: openRouterKey, model: 'test-model' }),
  features: { tools: true, reasoning: true, embeddings: true, images: true },
});
