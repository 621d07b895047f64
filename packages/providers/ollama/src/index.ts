export type { OllamaRequestDefaults } from './ollama-adapter.js';
export { buildOllamaChatBody, convertOllamaChatResponse, createOllamaAdapter } from './ollama-adapter.js';
export type {
  OllamaChatRequestBody,
  OllamaChatResponse,
  OllamaKeepAlive,
  OllamaThink,
} from './ollama-api.js';
export type { OllamaOptions } from './ollama-options.js';
export { defaultOllamaBaseUrl, defaultOllamaModel, ollamaCapabilities } from './ollama-options.js';
export type { OllamaStreamContext } from './ollama-stream.js';
export { createOllamaStreamMapper } from './ollama-stream.js';
export { parseOllamaError } from './parse-ollama-error.js';
