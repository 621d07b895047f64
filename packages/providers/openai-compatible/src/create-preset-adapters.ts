import type { ProviderFactory } from '@core/types';
import { createChatCompletionsAdapter } from './openai-compatible-adapter.js';
import {
  lmStudioPreset,
  openAICompatiblePreset,
  openRouterPreset,
  vllmPreset,
} from './openai-compatible-options.js';

/** `createLLM('openai-compatible', { baseUrl, model, apiKey? })`: any Chat Completions server. */
export const createOpenAICompatibleAdapter: ProviderFactory = (settings) =>
  createChatCompletionsAdapter(openAICompatiblePreset, settings);

/** `createLLM('lmstudio')`: LM Studio at `LMSTUDIO_BASE_URL` (default http://localhost:1234/v1). */
export const createLmStudioAdapter: ProviderFactory = (settings) =>
  createChatCompletionsAdapter(lmStudioPreset, settings);

/** `createLLM('vllm')`: vLLM at `VLLM_BASE_URL` (default http://localhost:8000/v1). */
export const createVllmAdapter: ProviderFactory = (settings) =>
  createChatCompletionsAdapter(vllmPreset, settings);

/** `createLLM('openrouter')`: OpenRouter with `OPENROUTER_API_KEY`. */
export const createOpenRouterAdapter: ProviderFactory = (settings) =>
  createChatCompletionsAdapter(openRouterPreset, settings);
