// Loaded with `node --import` before each documented example: every provider name the examples use is
// registered again, pointing at the harness's loopback mock server, so the examples run unchanged, with
// their provider names and models, through the real provider packages and the real pipeline.
import { registerProvider } from '@core/session';
import type { ProviderFactory } from '@core/types';
import { createAnthropicAdapter } from '@provider/anthropic';
import { createOllamaAdapter } from '@provider/ollama';
import { createOpenAIAdapter } from '@provider/openai';
import {
  createLmStudioAdapter,
  createOpenAICompatibleAdapter,
  createOpenRouterAdapter,
  createVllmAdapter,
} from '@provider/openai-compatible';

const mockUrl = process.env.DOCS_MOCK_URL;
if (mockUrl === undefined)
  throw new Error('DOCS_MOCK_URL is not set: run the examples through the docs test');

const aimedAt =
  (factory: ProviderFactory, baseUrl: string, apiKey?: string): ProviderFactory =>
  (settings) =>
    factory({ ...settings, baseUrl, ...(apiKey === undefined ? {} : { apiKey }) });

registerProvider('openai', () => aimedAt(createOpenAIAdapter, `${mockUrl}/v1`, 'sk-docs-example-0123456789'));
registerProvider('anthropic', () =>
  aimedAt(createAnthropicAdapter, mockUrl, 'sk-ant-docs-example-0123456789'),
);
registerProvider('ollama', () => aimedAt(createOllamaAdapter, mockUrl));
registerProvider('lmstudio', () => aimedAt(createLmStudioAdapter, `${mockUrl}/v1`));
registerProvider('vllm', () => aimedAt(createVllmAdapter, `${mockUrl}/v1`));
registerProvider('openrouter', () =>
  aimedAt(createOpenRouterAdapter, `${mockUrl}/v1`, 'sk-or-docs-example-0123456789'),
);
registerProvider('openai-compatible', () => aimedAt(createOpenAICompatibleAdapter, `${mockUrl}/v1`));
