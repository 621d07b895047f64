import type { JsonSchema, ProviderCapabilities } from '@core/types';

/** Options of a call that a model may reject on the wire (named as the caller spells them). */
export type RejectableOption = 'temperature' | 'topP' | 'stop' | 'seed';

/**
 * How the `reasoning` option of a call goes on the wire for one model, as data:
 * - `none`: the model does not reason. `reasoning: {…}` is reported as not sent; `false` is already so.
 * - `reasoning_effort`: OpenAI's `reasoning_effort` field (also vLLM's and LM Studio's). A budget has no
 *   field; `off` holds the body fields that turn reasoning off, where the model has a switch.
 * - `reasoning`: OpenRouter's `reasoning` object: `effort` or `max_tokens` (one of them), `enabled: false`.
 */
export type ChatCompletionsReasoning =
  | { field: 'none' }
  | {
      field: 'reasoning_effort';
      /** Body fields sent for `reasoning: false`; absent when the model cannot stop reasoning. */
      off?: Readonly<Record<string, unknown>>;
      /** Why `reasoning: false` cannot be sent (when `off` is absent), for the warning. */
      offUnavailableBecause?: string;
      /** The effort sent when the call names none (OpenAI's `reasoningEffort` setting), as the wire spells it. */
      defaultEffort?: string;
    }
  | { field: 'reasoning' };

/** The wire rules for one model: plain data `buildChatCompletionsBody` reads while it builds the body. */
export interface ChatCompletionsModelRules {
  /** OpenAI's reasoning models take only `max_completion_tokens`; everything else `max_tokens`. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Options the model answers with a 400: never sent, and reported (except `stop`, which the pipeline honours). */
  rejectedOptions: readonly RejectableOption[];
  /** Why the model rejects them, for the warning. */
  rejectedBecause?: string;
  /** The role system messages are sent under. */
  instructionRole: 'system' | 'developer' | 'user';
  reasoning: ChatCompletionsReasoning;
}

/** OpenAI's Structured Outputs: which schemas go with `strict: true`, and the name rule for `json_schema`. */
export interface StrictSchemaRules {
  /** Whether strict mode takes the schema as written (it is never rewritten to fit). */
  isStrict(schema: JsonSchema): boolean;
  /** The `json_schema.name` the server accepts for `name`. */
  schemaName(name: string): string;
}

/**
 * What distinguishes one Chat Completions server from another, as data: names, defaults, env vars and
 * wire rules. LM Studio, vLLM, OpenRouter and OpenAI are presets, not forks; the body is built in one
 * pass from the call and this data (`buildChatCompletionsBody`), never adjusted afterwards.
 */
export interface ChatCompletionsPreset {
  /** The provider name in errors, events and warnings. */
  provider: string;
  defaultBaseUrl?: string;
  /** Env var for the base URL (read once, when the adapter is made). */
  baseUrlEnv?: string;
  /** Env var for the API key. */
  apiKeyEnv?: string;
  defaultModel?: string;
  /** Fail early, with the env var's name, when no key is given. */
  requiresApiKey?: boolean;
  /** Headers every request carries. */
  headers?: Readonly<Record<string, string>>;
  /** `createLLM` options sent as headers: option name → header name (OpenRouter's attribution, OpenAI's project). */
  headerSettings?: Readonly<Record<string, string>>;
  /** Ask for usage in streams with `stream_options.include_usage` (servers that reject it set false). */
  streamUsage?: boolean;
  /** The server takes `top_k`; elsewhere a call's `topK` is not sent and is reported. */
  topK: boolean;
  /** vLLM's guided decoding: a response schema also goes as `guided_json`. */
  guidedJson?: boolean;
  /** OpenAI's Structured Outputs, applied to tools and `response_format` while the body is built. */
  strictSchemas?: StrictSchemaRules;
  capabilities?: Partial<ProviderCapabilities>;
  /**
   * The wire rules for `model`, called once per request. Without it every model gets OpenAI's plain rules
   * (`max_tokens`, system messages, effort as `reasoning_effort`, no budget and no off switch), which is
   * what an unknown Chat Completions server most likely takes.
   */
  modelRules?(model: string): ChatCompletionsModelRules;
}

/** The rules `buildChatCompletionsBody` uses for a preset without `modelRules`. */
export const plainModelRules: ChatCompletionsModelRules = {
  maxTokensField: 'max_tokens',
  rejectedOptions: [],
  instructionRole: 'system',
  reasoning: { field: 'reasoning_effort' },
};
