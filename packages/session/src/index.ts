export type {
  AssistantMessage,
  ContentPart,
  FinishReason,
  GenerateChunk,
  GenerateOptions,
  GenerateResponse,
  GenerateStream,
  HealthStatus,
  LLM,
  LLMOptions,
  Message,
  ModelInfo,
  Prompt,
  ToolCall,
  ToolDefinition,
  Usage,
} from '@core/types';
export type { ConcurrencyLimiter, Release } from './concurrency-limiter.js';
export { createConcurrencyLimiter } from './concurrency-limiter.js';
export { createLLM } from './create-llm.js';
export type { EventBase, EventBus, EventHandler, EventMap, EventType } from './events.js';
export { createEventBus, events } from './events.js';
export { knownProviders, registerProvider } from './provider-registry.js';
