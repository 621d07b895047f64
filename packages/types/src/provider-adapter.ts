import type { GenerateChunk, ModelInfo } from './generate-response.js';
import type { Message, ReasoningBlock, ToolCall } from './messages.js';
import type { JsonSchema, ToolChoice, ToolSpec } from './tools.js';
import type { FinishReason, Usage } from './usage.js';
import type { ReasoningOption, UnsupportedOptionsMode, Warning } from './warning.js';

/** What a provider can do natively; the pipeline falls back (prompted tools, schema in the prompt) where it cannot. */
export interface ProviderCapabilities {
  /** Native tool calling. */
  tools: boolean;
  /** `json-schema`: the wire takes a schema; `json`: only "answer in JSON"; `none`: prompt only. */
  structuredOutput: 'json-schema' | 'json' | 'none';
  /** Image parts in user messages. */
  images: boolean;
  embeddings: boolean;
}

/** Structured output asked of the wire. */
export interface ResponseFormat {
  type: 'json';
  schema?: JsonSchema;
  /** A name for the schema, where the wire wants one. */
  name?: string;
}

/**
 * One call, normalised once by the pipeline: defaults applied, the system prompt placed, tools already
 * JSON Schema, the signal already linked. Adapters read it and apply nothing else.
 */
export interface ProviderRequest {
  model: string;
  messages: readonly Message[];
  tools?: readonly ToolSpec[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  stop?: readonly string[];
  seed?: number;
  signal?: AbortSignal;
  /** ms for a non-stream call, or until a stream's first chunk. */
  timeoutMs?: number;
  /** ms between stream chunks. */
  idleTimeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
  providerOptions?: Readonly<Record<string, unknown>>;
  reasoning?: ReasoningOption;
  /**
   * `'error'`: an option the adapter cannot honour is an `UnsupportedOptionError` thrown before sending
   * (`settleWarnings` in `@core/http`); otherwise (the default) it is a warning in the result.
   */
  unsupportedOptions?: UnsupportedOptionsMode;
}

/** A non-stream result as the adapter decoded it. */
export interface ProviderResult {
  content: string;
  reasoning?: string;
  reasoningBlocks?: ReasoningBlock[];
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  rawFinishReason?: string;
  usage: Usage;
  model?: string;
  requestId?: string;
  /** The id the provider gave this completion in its body (`chatcmpl-…`, `msg_…`). */
  responseId?: string;
  raw: unknown;
  /** The options of the request the adapter could not honour (see `Warning`). */
  warnings?: Warning[];
}

/**
 * A started stream, read by the pipeline one batch at a time: the chunks decoded from one network read
 * travel together, so a stream costs one promise per read rather than an async generator step per chunk
 * per layer. The last chunk carries `finishReason` and `usage`.
 */
export interface ProviderStream {
  readonly requestId?: string;
  /** The options of the request the adapter could not honour, known before the stream started. */
  readonly warnings?: readonly Warning[];
  /**
   * The chunks of the next read, possibly none; `undefined` once the stream has ended. Rejects with the
   * error classes (an in-band error, a `ProviderConnectionError` for a wire that broke or ended without its
   * finish signal). Called again only after the previous call settled.
   */
  read(): Promise<readonly GenerateChunk[] | undefined>;
  /**
   * Stops the stream and frees its connection; a `read` in progress rejects with `reason` (default: a
   * generic abort). Safe to call more than once and after the end.
   */
  close(reason?: unknown): void;
}

export interface EmbedRequest {
  input: readonly string[];
  model: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
  providerOptions?: Readonly<Record<string, unknown>>;
}

export interface EmbedResult {
  embeddings: number[][];
  usage?: Pick<Usage, 'inputTokens'>;
  model?: string;
}

/**
 * The interface every provider package implements and `@core/session` drives. An adapter only
 * translates to and from its wire: no retries, no defaults beyond its own settings, no events.
 */
export interface ProviderAdapter {
  /** The provider name, as errors and events report it. */
  readonly provider: string;
  /** The model used when neither `createLLM` nor the call names one. */
  readonly defaultModel: string | undefined;
  /** The model `embed` uses when the call names none (chat models rarely embed). */
  readonly defaultEmbeddingModel?: string;
  readonly capabilities: ProviderCapabilities;
  /**
   * Where requests go (`https://api.openai.com/v1`), for telemetry's `server.address` and `server.port`;
   * absent for a model that runs in this process.
   */
  readonly baseUrl?: string;
  /** Runs a non-stream call. Throws the error classes of `@core/types`; an abort rethrows the signal's reason. */
  doGenerate(request: ProviderRequest): Promise<ProviderResult>;
  /** Resolves once the response has started (an error status rejects here); the iterable throws later failures. */
  doStream(request: ProviderRequest): Promise<ProviderStream>;
  /** The provider's models; `timeoutMs` bounds the request. */
  listModels(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<ModelInfo[]>;
  embed?(request: EmbedRequest): Promise<EmbedResult>;
  /** Counts tokens with the model's real tokenizer, where the provider has one locally. */
  countTokens?(text: string, model: string): Promise<number>;
  /** Frees what the adapter holds for `model` (all models when omitted): pools, workers, loaded weights. */
  unload(model?: string): Promise<void>;
}

/** Settings `createLLM` hands a provider factory: the user's options, with env lookups left to the factory. */
export interface ProviderSettings {
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  headers?: Readonly<Record<string, string>>;
  /**
   * The most sockets the provider's pool opens to its server. `createLLM` sets it from `maxConcurrency`
   * (with room for `health()` and `unloadModel()`, which skip the gate); unset, the transport's default.
   */
  connections?: number;
  /** Provider-specific options, as given to `createLLM`. */
  [option: string]: unknown;
}

/** Builds an adapter from settings; what a provider package exports for the registry. */
export type ProviderFactory = (settings: ProviderSettings) => ProviderAdapter;
