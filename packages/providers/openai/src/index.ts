export { createOpenAIAdapter } from './openai-adapter.js';
export type { OpenAIOptions } from './openai-options.js';
