export { createAnthropicAdapter } from './anthropic-adapter.js';
export type { AnthropicOptions } from './anthropic-options.js';
