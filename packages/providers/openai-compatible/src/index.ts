export {
  createLmStudioAdapter,
  createOpenAICompatibleAdapter,
  createOpenRouterAdapter,
  createVllmAdapter,
} from './create-preset-adapters.js';
export { createChatCompletionsAdapter } from './openai-compatible-adapter.js';
export type { OpenAICompatibleOptions } from './openai-compatible-options.js';
export type {
  ChatCompletionsModelRules,
  ChatCompletionsPreset,
  StrictSchemaRules,
} from './openai-compatible-preset.js';
