export { createOpenAIAdapter } from './openai-adapter.js';
export type { OpenAIOptions } from './openai-options.js';
export {
  openAIApiKeyEnv,
  openAIBaseUrlEnv,
  openAIDefaultBaseUrl,
  openAIDefaultEmbeddingModel,
  openAIDefaultModel,
} from './openai-options.js';
