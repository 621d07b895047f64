// Wire shapes of Anthropic's Messages API: only the fields we send or read; anything the API (or an
// Anthropic-compatible server) may omit is optional. Reference: the OpenAPI mirror in
// ../shared/specs/anthropic-openapi.stainless-mirror.json (CreateMessageParams, MessageStreamEvent).

/** Where an image comes from: inline base64 bytes or a URL the API fetches. */
export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string };

/** A content block we send inside a message. */
export type AnthropicRequestBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: AnthropicImageSource }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

/** One input message: the API knows only `user` and `assistant`, and they must alternate. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | AnthropicRequestBlock[];
}

/** A client tool definition. */
export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

/** `tool_choice`: `any` is "some tool must be called", `tool` forces the named one. */
export type AnthropicToolChoice =
  | { type: 'auto' }
  | { type: 'any' }
  | { type: 'none' }
  | { type: 'tool'; name: string };

/**
 * `thinking` (ThinkingConfigParam): `budget_tokens` is at least 1024 and below `max_tokens`; `disabled` turns
 * it off for models that think by default.
 */
export type AnthropicThinking = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };

/** The body of `POST /v1/messages`. */
export interface AnthropicRequestBody {
  model: string;
  messages: AnthropicMessage[];
  /** Required by the API: the most tokens to generate. */
  max_tokens: number;
  system?: string;
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinking;
  [extra: string]: unknown;
}

/** Token counts; `message_delta` repeats some of them with later values. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** A content block of a response (and of `content_block_start`). */
export interface AnthropicResponseBlock {
  type: string;
  /** `text` blocks. */
  text?: string;
  /** `thinking` blocks. */
  thinking?: string;
  signature?: string;
  /** `redacted_thinking` blocks: opaque, sent back unchanged. */
  data?: string;
  /** `tool_use` blocks. */
  id?: string;
  name?: string;
  input?: unknown;
}

/** The error object inside an error body or an `error` event. */
export interface AnthropicWireError {
  type?: string;
  message?: string;
}

/** A non-stream response: a `message`, or (from some proxies, and the mock's in-band fault) an error. */
export interface AnthropicMessageResponse {
  type?: string;
  id?: string;
  model?: string;
  content?: AnthropicResponseBlock[];
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: AnthropicUsage | null;
  error?: AnthropicWireError;
  request_id?: string | null;
}

/** A delta inside `content_block_delta`. */
export interface AnthropicBlockDelta {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  partial_json?: string;
}

/** One decoded SSE event of a streamed message; narrowed by `type`, reading only the fields we use. */
export interface AnthropicStreamEvent {
  type: string;
  /** `message_start`. */
  message?: AnthropicMessageResponse;
  /** `content_block_*`. */
  index?: number;
  content_block?: AnthropicResponseBlock;
  /** `content_block_delta` (a block delta) and `message_delta` (the stop reason). */
  delta?: AnthropicBlockDelta & { stop_reason?: string | null; stop_sequence?: string | null };
  /** `message_delta`. */
  usage?: AnthropicUsage | null;
  /** `error`. */
  error?: AnthropicWireError;
}

/** `GET /v1/models`: one page of models, newest first. */
export interface AnthropicModelList {
  data?: Array<{ id: string; display_name?: string; created_at?: string; type?: string }>;
  has_more?: boolean;
  last_id?: string | null;
}
