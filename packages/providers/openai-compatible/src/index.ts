export {
  createLmStudioAdapter,
  createOpenAICompatibleAdapter,
  createOpenRouterAdapter,
  createVllmAdapter,
} from './create-preset-adapters.js';
export {
  buildChatCompletionsBody,
  convertChatCompletionsResponse,
  createChatCompletionsAdapter,
} from './openai-compatible-adapter.js';
export type { ChatCompletionRequestBody, ChatCompletionResponse } from './openai-compatible-api.js';
export type { ChatCompletionsPreset, OpenAICompatibleOptions } from './openai-compatible-options.js';
export {
  lmStudioPreset,
  openAICompatiblePreset,
  openRouterPreset,
  vllmPreset,
} from './openai-compatible-options.js';
export { createOpenAICompatibleStreamMapper } from './openai-compatible-stream.js';
