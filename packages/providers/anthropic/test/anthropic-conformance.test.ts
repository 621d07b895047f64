import { createLLM } from '@core/session';
import { describeConformance } from '@tooling/conformance';
import { createAnthropicAdapter } from '../src/anthropic-adapter.js';
import { anthropicFixtureCases } from './anthropic-fixture-cases.js';

const apiKey = 'sk-ant-test-conformance-0123456789';

describeConformance({
  provider: 'anthropic',
  wire: 'anthropic',
  apiKey,
  createLLM: (mock, options) =>
    createLLM('anthropic', { baseUrl: mock.url, apiKey, model: 'test-model', ...options }),
  createAdapter: (baseUrl) => createAnthropicAdapter({ baseUrl, apiKey, model: 'test-model' }),
  features: { tools: true, reasoning: true, embeddings: false, images: true, seed: false },
  fixtures: await anthropicFixtureCases(),
});
