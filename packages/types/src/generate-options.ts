import type { ZodType } from 'zod';
import type { Message } from './messages.js';
import type { ResponseFormat } from './provider-adapter.js';
import type { ToolChoice, ToolDefinition } from './tools.js';
import type { ReasoningOption, UnsupportedOptionsMode } from './warning.js';

/** Sampling and transport settings that both `createLLM` and each call accept; a call's value wins. */
export interface CallSettings {
  temperature?: number;
  /** The most tokens to generate. */
  maxTokens?: number;
  topP?: number;
  topK?: number;
  /** Sequences that end generation; the text returned stops before them. */
  stop?: string | string[];
  seed?: number;
  /** ms for a whole non-stream call, or until a stream's first chunk. */
  timeout?: number;
  /** ms allowed between two chunks of a stream. */
  idleTimeout?: number;
  /** Retries after the first attempt for a retryable failure before the first chunk (default 2). */
  maxRetries?: number;
  /** ms of the first backoff before a retry; later ones double, with full jitter (default 500). */
  retryInitialDelay?: number;
  /** ms cap on any wait before a retry, a provider's `Retry-After` included (default 60000). */
  retryMaxDelay?: number;
  /** Extra HTTP headers for the provider. */
  headers?: Record<string, string>;
  /**
   * Reasoning ("thinking"): `{ effort }` or `{ budgetTokens }` mapped to each provider's field, `false` to
   * turn it off where the model can; a warning where the provider has no such control.
   */
  reasoning?: ReasoningOption;
  /**
   * What an option the provider cannot honour for the model does: `'warn'` (the default) adds a warning to
   * `response.warnings`; `'error'` throws an `UnsupportedOptionError` before any request is sent.
   */
  unsupportedOptions?: UnsupportedOptionsMode;
}

/** Options of one `agenerate` call. */
export interface GenerateOptions extends CallSettings {
  /** Resolve to an async iterable of chunks instead of one response. */
  stream?: boolean;
  /** Placed first, as the system message, ahead of `messages`. */
  systemPrompt?: string;
  /** Earlier turns; the prompt, when given, is appended as the last user message. */
  messages?: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** How many model calls a tool loop may take (1, the default, returns tool calls unrun). */
  maxSteps?: number;
  /** ms one tool's `execute` may take in a tool loop before it is aborted and reported to the model (default 60000). */
  toolTimeout?: number;
  /** A zod schema: the call resolves to the validated object. */
  responseModel?: ZodType;
  /** How many times an answer that fails `responseModel` is sent back with its errors before `ValidationError` (default 2). */
  maxValidationRetries?: number;
  /**
   * JSON output by a plain JSON Schema, unvalidated (what OpenAI's `response_format` carries): the
   * provider's JSON mode where it has one, else the schema in the prompt. `responseModel` takes precedence.
   */
  responseFormat?: ResponseFormat;
  /** Overrides the LLM's model for this call. */
  model?: string;
  signal?: AbortSignal;
  /** Sent in the provider's request body last, unchanged. */
  providerOptions?: Record<string, unknown>;
}
