export type { AbstractCoreErrorOptions } from './errors/abstract-core-error.js';
export { AbstractCoreError } from './errors/abstract-core-error.js';
export { AuthenticationError } from './errors/authentication-error.js';
export { ContextLengthError } from './errors/context-length-error.js';
export { InvalidRequestError } from './errors/invalid-request-error.js';
export { ModelNotFoundError } from './errors/model-not-found-error.js';
export { ProviderAPIError } from './errors/provider-api-error.js';
export { ProviderConnectionError } from './errors/provider-connection-error.js';
export { ProviderNotInstalledError } from './errors/provider-not-installed-error.js';
export { RateLimitError } from './errors/rate-limit-error.js';
export type { SessionFileErrorOptions } from './errors/session-file-error.js';
export { SessionFileError } from './errors/session-file-error.js';
export type { TimeoutErrorOptions, TimeoutPhase } from './errors/timeout-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export { UnknownProviderError } from './errors/unknown-provider-error.js';
export { UnsupportedOptionError } from './errors/unsupported-option-error.js';
export type { ValidationErrorOptions, ValidationIssue } from './errors/validation-error.js';
export { ValidationError } from './errors/validation-error.js';
export type { CallSettings, GenerateOptions } from './generate-options.js';
export type {
  GenerateChunk,
  GenerateResponse,
  HealthStatus,
  ModelInfo,
  Timings,
} from './generate-response.js';
export { linkAbortSignal } from './link-abort-signal.js';
export type {
  EmbedOptions,
  GenerateStream,
  LLM,
  LLMOptions,
  Prompt,
  RateLimiterLike,
  RateLimitOptions,
  TelemetryOptions,
} from './llm.js';
export type { LoadSettingOptions } from './load-setting.js';
export { loadApiKey, loadBooleanSetting, loadSetting } from './load-setting.js';
export type {
  AssistantMessage,
  ContentPart,
  ImagePart,
  Message,
  ReasoningBlock,
  SystemMessage,
  TextPart,
  ToolCall,
  ToolMessage,
  UserMessage,
} from './messages.js';
export type {
  EmbedRequest,
  EmbedResult,
  ProviderAdapter,
  ProviderCapabilities,
  ProviderFactory,
  ProviderRequest,
  ProviderResult,
  ProviderSettings,
  ProviderStream,
  ResponseFormat,
} from './provider-adapter.js';
export { redactSecrets, registerSecret } from './redact-secrets.js';
export { settleWarnings, unsupportedOption } from './settle-warnings.js';
export type {
  JsonSchema,
  ToolChoice,
  ToolDefinition,
  ToolExecutionContext,
  ToolSpec,
} from './tools.js';
export type { FinishReason, Usage } from './usage.js';
export type { ReasoningOption, UnsupportedOptionsMode, Warning } from './warning.js';
