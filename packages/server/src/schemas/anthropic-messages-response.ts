// What this server answers on `POST /v1/messages`, in Anthropic's shapes
// (https://docs.anthropic.com/en/api/messages and /en/docs/build-with-claude/streaming). Fields the published
// schema requires but we have no value for (`cache_creation`, `server_tool_use`, `service_tier`, `citations`)
// are sent as `null`, which the schema allows and Anthropic's SDKs read as "not reported".

/** Anthropic's stop reasons that this server produces (`pause_turn` never is). */
export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/** `usage` of a message. */
export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  cache_creation: null;
  server_tool_use: null;
  service_tier: null;
}

/** A text block of the answer. */
export interface AnthropicResponseTextBlock {
  type: 'text';
  text: string;
  citations: null;
}

/** A tool call of the answer. */
export interface AnthropicResponseToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** One block of the answer. */
export type AnthropicResponseBlock = AnthropicResponseTextBlock | AnthropicResponseToolUseBlock;

/** A non-stream answer (and, with empty content, the `message` of `message_start`). */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/** `usage` of `message_delta`: cumulative counts for the whole message. */
export interface AnthropicDeltaUsage {
  input_tokens: number | null;
  output_tokens: number;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  server_tool_use: null;
}

/** One event of a streamed answer (the `error` event is an `AnthropicErrorBody`). */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicResponseBlock }
  | {
      type: 'content_block_delta';
      index: number;
      delta: { type: 'text_delta'; text: string } | { type: 'input_json_delta'; partial_json: string };
    }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason; stop_sequence: string | null };
      usage: AnthropicDeltaUsage;
    }
  | { type: 'message_stop' }
  | AnthropicErrorBody;

/** Anthropic's error body: every failure of `/v1/messages` has this shape. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string | null;
}

const nullableInteger = { type: ['integer', 'null'] } as const;

const usageSchema = {
  type: 'object',
  properties: {
    input_tokens: { type: 'integer' },
    output_tokens: { type: 'integer' },
    cache_creation_input_tokens: nullableInteger,
    cache_read_input_tokens: nullableInteger,
    cache_creation: { type: 'null' },
    server_tool_use: { type: 'null' },
    service_tier: { type: 'null' },
  },
} as const;

/** The JSON Schema of `AnthropicMessage`, for Fastify's serializer. */
export const anthropicMessageSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    role: { type: 'string' },
    model: { type: 'string' },
    content: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          text: { type: 'string' },
          citations: { type: 'null' },
          id: { type: 'string' },
          name: { type: 'string' },
          // A tool's input is whatever object the model produced.
          input: { type: 'object', additionalProperties: true },
        },
      },
    },
    stop_reason: { type: ['string', 'null'] },
    stop_sequence: { type: ['string', 'null'] },
    usage: usageSchema,
  },
} as const;

/** The JSON Schema of `AnthropicErrorBody`. */
export const anthropicErrorBodySchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    error: {
      type: 'object',
      properties: { type: { type: 'string' }, message: { type: 'string' } },
    },
    request_id: { type: ['string', 'null'] },
  },
} as const;
