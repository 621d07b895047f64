import type { z } from 'zod';
import type { CallSettings, GenerateOptions } from './generate-options.js';
import type { GenerateChunk, GenerateResponse, HealthStatus, ModelInfo } from './generate-response.js';
import type { Message } from './messages.js';
import type { ProviderCapabilities } from './provider-adapter.js';

/** A budget several LLMs can share: `acquire` waits (abortably) until a request may start. */
export interface RateLimiterLike {
  acquire(options?: { tokens?: number; signal?: AbortSignal }): Promise<void>;
}

/** Request and token budgets for one LLM. */
export interface RateLimitOptions {
  requestsPerSecond?: number;
  tokensPerMinute?: number;
}

/** What `createLLM({ telemetry })` takes. */
export interface TelemetryOptions {
  /**
   * Record the messages sent and received (`gen_ai.input.messages`, `gen_ai.output.messages`, tool
   * arguments and results) on the spans. Off by default: content is often personal data. Keys never are.
   */
  captureContent?: boolean;
}

/** Options of `createLLM`; provider-specific ones sit beside these. */
export interface LLMOptions extends CallSettings {
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  /**
   * The most requests this LLM has in flight at once; the rest wait in call order. It also sizes the
   * provider's connection pool (two sockets more, for `health()`), so sockets are reused, never multiplied.
   */
  maxConcurrency?: number;
  rateLimit?: RateLimitOptions | RateLimiterLike;
  /**
   * OpenTelemetry: with an SDK registered, every call is traced and measured (GenAI conventions); `false`
   * turns that off for this LLM, `captureContent: true` also records messages on the spans.
   */
  telemetry?: TelemetryOptions | false;
  /** Provider-specific options. */
  [option: string]: unknown;
}

/** What `agenerate` accepts as its first argument: a prompt, or the whole conversation. */
export type Prompt = string | readonly Message[];

/** A stream of chunks: `await` the call first, then `for await` over it. */
export interface GenerateStream extends AsyncIterable<GenerateChunk> {
  readonly requestId: string | undefined;
  /**
   * The whole response once the stream has been read to its end (text joined once, tool calls, usage,
   * the messages to append to a conversation); rejects if the stream failed or was left early.
   */
  readonly completion: Promise<GenerateResponse>;
}

/** Options of `embed`. */
export interface EmbedOptions {
  model?: string;
  signal?: AbortSignal;
  /** Merged into the wire body last, unchanged. */
  providerOptions?: Record<string, unknown>;
}

/** The object `createLLM` returns. */
export interface LLM {
  readonly provider: string;
  /** The model used when a call does not name one (`undefined` if the provider has no default). */
  readonly model: string | undefined;
  agenerate<Schema extends z.ZodType>(
    prompt: Prompt,
    options: GenerateOptions & { responseModel: Schema; stream?: false },
  ): Promise<z.output<Schema>>;
  agenerate(prompt: Prompt, options: GenerateOptions & { stream: true }): Promise<GenerateStream>;
  agenerate(prompt: Prompt, options?: GenerateOptions & { stream?: false }): Promise<GenerateResponse>;
  agenerate(prompt: Prompt, options?: GenerateOptions): Promise<GenerateResponse | GenerateStream>;
  /** The same method as `agenerate`. */
  generate: LLM['agenerate'];
  /** The provider's models; retried, rate-limited and gated like a call, within `timeout`. */
  listModels(options?: { signal?: AbortSignal }): Promise<ModelInfo[]>;
  /** Checks the provider answers; never throws. */
  health(options?: { signal?: AbortSignal; timeout?: number }): Promise<HealthStatus>;
  /** Embeddings for each input, where the provider embeds; retried, rate-limited and gated like a call. */
  embed(input: string | readonly string[], options?: EmbedOptions): Promise<number[][]>;
  /** Closes the provider's pools or frees the local model. */
  unloadModel(model?: string): Promise<void>;
  /** Tokens in `text` by the model's own tokenizer where the provider has one, else an estimate (4 characters a token). */
  countTokens(text: string): Promise<number>;
  /** The provider's capabilities, once its package has loaded. */
  capabilities(): Promise<ProviderCapabilities>;
}
