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
export type { FallbackOptions } from './create-fallback-llm.js';
export { createFallbackLLM, shouldFallbackByDefault } from './create-fallback-llm.js';
export { createLLM } from './create-llm.js';
export type { EventBase, EventBus, EventHandler, EventMap, EventType } from './events.js';
export { createEventBus, events } from './events.js';
export type { GatherOptions, GatherProgress, GatherResult } from './gather.js';
export { gather } from './gather.js';
export { knownProviders, registerProvider } from './provider-registry.js';
export { RateLimiter } from './rate-limiter.js';
export type { AutoCompactOptions, BasicSessionOptions } from './session/basic-session.js';
export { BasicSession } from './session/basic-session.js';
export type { ToolOptions } from './tools/tool.js';
export { tool } from './tools/tool.js';
