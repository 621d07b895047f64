export { createOllamaAdapter } from './ollama-adapter.js';
export type { OllamaKeepAlive, OllamaThink } from './ollama-api.js';
export type { OllamaOptions } from './ollama-options.js';
