import type { WireToolCall } from './chat-completion-request.js';
import { wireToolCallSchema } from './chat-completion-request.js';

// What this server answers on `POST /v1/chat/completions`, in OpenAI's shapes
// (https://platform.openai.com/docs/api-reference/chat/object and /chat/streaming).

/** `usage` in OpenAI's shape. */
export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

/** OpenAI's finish reasons (`function_call` is never produced). */
export type WireFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** A non-stream answer. */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: null;
      tool_calls?: WireToolCall[];
      /** The model's reasoning, where it gave any (DeepSeek's field name). */
      reasoning_content?: string;
    };
    logprobs: null;
    finish_reason: WireFinishReason;
  }>;
  usage?: WireUsage;
}

/** What a streamed delta may carry. */
export interface WireDelta {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  tool_calls?: Array<WireToolCall & { index: number }>;
}

/** One streamed event. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: number; delta: WireDelta; logprobs: null; finish_reason: WireFinishReason | null }>;
  /** Present (as `null` until the last event) only when `stream_options.include_usage` was set. */
  usage?: WireUsage | null;
}

const wireUsageSchema = {
  type: 'object',
  required: ['prompt_tokens', 'completion_tokens', 'total_tokens'],
  properties: {
    prompt_tokens: { type: 'integer' },
    completion_tokens: { type: 'integer' },
    total_tokens: { type: 'integer' },
    prompt_tokens_details: { type: 'object', properties: { cached_tokens: { type: 'integer' } } },
    completion_tokens_details: { type: 'object', properties: { reasoning_tokens: { type: 'integer' } } },
  },
} as const;

// The envelope a completion and a streamed chunk share; only the choice and the usage differ.
function completionEnvelope<Choice extends object, UsageSchema extends object>(
  choice: Choice,
  usage: UsageSchema,
) {
  return {
    type: 'object',
    required: ['id', 'object', 'created', 'model', 'choices'],
    properties: {
      id: { type: 'string' },
      object: { type: 'string' },
      created: { type: 'integer' },
      model: { type: 'string' },
      choices: { type: 'array', items: choice },
      usage,
    },
  } as const;
}

/** JSON Schema of `ChatCompletion`. */
export const chatCompletionSchema = completionEnvelope(
  {
    type: 'object',
    required: ['index', 'message', 'logprobs', 'finish_reason'],
    properties: {
      index: { type: 'integer' },
      message: {
        type: 'object',
        required: ['role', 'content', 'refusal'],
        properties: {
          role: { type: 'string' },
          content: { type: ['string', 'null'] },
          refusal: { type: 'null' },
          tool_calls: { type: 'array', items: wireToolCallSchema },
          reasoning_content: { type: 'string' },
        },
      },
      logprobs: { type: 'null' },
      finish_reason: { type: 'string' },
    },
  } as const,
  wireUsageSchema,
);

/** JSON Schema of `ChatCompletionChunk`; it serializes every streamed event. */
export const chatCompletionChunkSchema = completionEnvelope(
  {
    type: 'object',
    required: ['index', 'delta', 'logprobs', 'finish_reason'],
    properties: {
      index: { type: 'integer' },
      delta: {
        type: 'object',
        properties: {
          role: { type: 'string' },
          content: { type: 'string' },
          reasoning_content: { type: 'string' },
          tool_calls: {
            type: 'array',
            items: {
              type: 'object',
              required: ['index', 'id', 'type', 'function'],
              properties: { index: { type: 'integer' }, ...wireToolCallSchema.properties },
            },
          },
        },
      },
      logprobs: { type: 'null' },
      finish_reason: { type: ['string', 'null'] },
    },
  } as const,
  { ...wireUsageSchema, type: ['object', 'null'] } as const,
);
