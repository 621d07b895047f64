export {
  type AnthropicRequestPlan,
  buildAnthropicRequestBody,
  convertAnthropicResponse,
  createAnthropicAdapter,
} from './anthropic-adapter.js';
export type {
  AnthropicMessage,
  AnthropicMessageResponse,
  AnthropicRequestBlock,
  AnthropicRequestBody,
  AnthropicStreamEvent,
} from './anthropic-api.js';
export type { AnthropicOptions } from './anthropic-options.js';
export {
  anthropicApiVersion,
  defaultAnthropicMaxTokens,
  defaultAnthropicModel,
} from './anthropic-options.js';
export { type AnthropicStreamContext, createAnthropicStreamMapper } from './anthropic-stream.js';
export { type AnthropicPrompt, convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
