/** The three wire formats the mock speaks. */
export type Wire = 'openai' | 'anthropic' | 'ollama';

/** The wire a recorded request used; `other` for control or unknown paths. */
export type RequestWire = Wire | 'other';

/** Delays the mock adds to a reply, in ms. */
export interface LatencyOptions {
  /** Wait this long before sending the status line and headers. */
  beforeHeadersMs?: number;
  /** Wait this long between stream chunks (SSE events, NDJSON lines, fixture pieces). */
  betweenChunksMs?: number;
}

/** A reply is taken only by a request that fits every field given here. */
export interface Match {
  /** The request's path without its query string, e.g. `/v1/chat/completions`. */
  path?: string;
  /** The `model` field of the request body. */
  model?: string;
  wire?: Wire;
}

/** The finish reasons a text reply can end with; each wire maps them to its own value. */
export type ReplyFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** A tool call the model makes; `arguments` is rendered as a JSON string or an object, per wire. */
export interface ReplyToolCall {
  id?: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** Token counts a reply reports; a count left out is derived from word counts (input, output) or omitted. */
export interface ReplyUsage {
  input?: number;
  output?: number;
  cached?: number;
  reasoning?: number;
}

interface ReplyBase {
  match?: Match;
  latency?: LatencyOptions;
}

/** A model answer, rendered in whichever wire the request used. */
export interface TextReply extends ReplyBase {
  kind: 'text';
  /** The full answer; defaults to `chunks.join('')`, or `Echo: <last user message text>`. */
  text?: string;
  /** The exact stream pieces; default: `text` split into words, each keeping its leading spaces. */
  chunks?: string[];
  reasoning?: string;
  /** Anthropic's thinking signature; a mock one is made when `reasoning` is set. */
  reasoningSignature?: string;
  /** The OpenAI delta field reasoning goes in (DeepSeek: `reasoning_content`; OpenRouter, Groq, Ollama: `reasoning`). */
  reasoningField?: 'reasoning_content' | 'reasoning';
  toolCalls?: ReplyToolCall[];
  /** Defaults to `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: ReplyFinishReason;
  /** Makes Anthropic report `stop_reason: "stop_sequence"` with this sequence (the other wires say `stop`). */
  stopSequence?: string;
  usage?: ReplyUsage;
  /** The model the response names; defaults to the request's `model`. */
  model?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** An HTTP error (or any status) with the wire's own error body unless `body` is given. */
export interface StatusReply extends ReplyBase {
  kind: 'status';
  status: number;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sets `Retry-After` (seconds or an HTTP date). */
  retryAfter?: string;
  /** Sets `retry-after-ms`. */
  retryAfterMs?: number;
}

/** How a fixture file becomes response bytes. */
export type FixtureFormat = 'raw' | 'chunks-sse' | 'chunks-anthropic-sse' | 'response-json';

/** A recorded transcript from `../shared/fixtures`, replayed byte for byte. */
export interface FixtureReply extends ReplyBase {
  kind: 'fixture';
  /** Relative to the shared fixtures folder, e.g. `derived/pydantic-ai__test_openrouter_stream_error.0.response.sse`. */
  path: string;
  /**
   * `raw` (default): the file's bytes; `chunks-sse` / `chunks-anthropic-sse`: a vercel-ai `*.chunks.txt` as SSE
   * (with `[DONE]`, or with `event:` lines); `response-json`: a `derived/*.response.json` (its status, content type, body).
   */
  format?: FixtureFormat;
  contentType?: string;
  status?: number;
  /** Write the bytes in pieces of this many bytes, `latency.betweenChunksMs` apart. */
  splitEvery?: number;
  headers?: Record<string, string>;
}

/** Exact bytes: `pieces` are written one `write` each, `latency.betweenChunksMs` apart. */
export interface RawReply extends ReplyBase {
  kind: 'raw';
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as UTF-8; a number array as bytes. */
  body?: string | number[];
  pieces?: Array<string | number[]>;
}

/** Destroy the socket (TCP reset) without sending anything. */
export interface ResetBeforeHeadersReply extends ReplyBase {
  kind: 'reset-before-headers';
}

/** Send the headers and `afterChunks` content chunks (default 2) of the default reply, then destroy the socket. */
export interface ResetMidStreamReply extends ReplyBase {
  kind: 'reset-mid-stream';
  afterChunks?: number;
}

/** Never respond; with `afterChunks`, send the headers and that many content chunks, then stop writing. */
export interface HangReply extends ReplyBase {
  kind: 'hang';
  afterChunks?: number;
}

/** A 200 whose body (or one stream event) is not valid JSON; `stream` defaults to the request's stream mode. */
export interface MalformedJsonReply extends ReplyBase {
  kind: 'malformed-json';
  stream?: boolean;
}

/** The default reply without its finish signal: no finish_reason/[DONE], no message_stop, no done:true. */
export interface TruncatedReply extends ReplyBase {
  kind: 'truncated';
}

/** A reply whose multi-byte UTF-8 characters are split across socket writes that arrive in separate reads. */
export interface SplitUtf8Reply extends ReplyBase {
  kind: 'split-utf8';
  text?: string;
}

/** An in-band error after `afterChunks` content chunks (default 1), in the wire's own form. */
export interface ErrorEventReply extends ReplyBase {
  kind: 'error-event';
  afterChunks?: number;
  message?: string;
  code?: string;
}

/** The fault replies: broken connections and broken wire data. */
export type FaultReply =
  | ResetBeforeHeadersReply
  | ResetMidStreamReply
  | HangReply
  | MalformedJsonReply
  | TruncatedReply
  | SplitUtf8Reply
  | ErrorEventReply;

/** Everything the mock can answer with. */
export type Reply = TextReply | StatusReply | FixtureReply | RawReply | FaultReply;
