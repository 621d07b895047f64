import { ifThen } from './if-then.js';

// Shapes from OpenAI's Chat Completions reference (https://platform.openai.com/docs/api-reference/chat);
// only the fields this server reads or writes. Fields it does not support are ignored, as OpenAI-compatible
// servers commonly do, except `n` above 1, which would silently change the answer's shape.
/** One part of a message's content. */
export interface WireContentPart {
  type: string;
  text?: string;
  refusal?: string;
  image_url?: { url: string; detail?: string };
}

/** A tool call in OpenAI's shape: `arguments` is a JSON string. */
export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One incoming message. */
export interface WireMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content?: string | WireContentPart[] | null;
  name?: string;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
}

/** A tool offered to the model. */
export interface WireTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

/** `tool_choice`. */
export type WireToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** `response_format`. */
export interface WireResponseFormat {
  type: 'text' | 'json_object' | 'json_schema';
  json_schema?: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean };
}

/** The body of `POST /v1/chat/completions`. */
export interface ChatCompletionRequest {
  model?: string;
  messages: WireMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  n?: number | null;
  tools?: WireTool[] | null;
  tool_choice?: WireToolChoice | null;
  response_format?: WireResponseFormat | null;
}

const nullable = <Schema extends { type: string }>(schema: Schema) => ({
  ...schema,
  type: [schema.type, 'null'],
});

const textOrParts = {
  anyOf: [
    { type: 'string' },
    { type: 'null' },
    {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string' },
          text: { type: 'string' },
          refusal: { type: 'string' },
          image_url: {
            type: 'object',
            required: ['url'],
            properties: { url: { type: 'string' }, detail: { type: 'string' } },
          },
        },
      },
    },
  ],
} as const;

/** JSON Schema of `WireToolCall`. */
export const wireToolCallSchema = {
  type: 'object',
  required: ['id', 'type', 'function'],
  properties: {
    id: { type: 'string' },
    type: { const: 'function' },
    function: {
      type: 'object',
      required: ['name', 'arguments'],
      properties: { name: { type: 'string' }, arguments: { type: 'string' } },
    },
  },
} as const;

const wireMessageSchema = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { enum: ['system', 'developer', 'user', 'assistant', 'tool'] },
    content: textOrParts,
    name: { type: 'string' },
    tool_calls: { type: 'array', items: wireToolCallSchema },
    tool_call_id: { type: 'string' },
  },
  allOf: [
    ifThen({ properties: { role: { const: 'tool' } } }, { required: ['tool_call_id', 'content'] }),
    ifThen({ properties: { role: { enum: ['system', 'developer', 'user'] } } }, { required: ['content'] }),
  ],
} as const;

/** JSON Schema of `ChatCompletionRequest`. `null` stands for "not set", as several SDKs send it. */
export const chatCompletionRequestSchema = {
  type: 'object',
  required: ['messages'],
  properties: {
    model: { type: 'string', minLength: 1 },
    messages: { type: 'array', minItems: 1, items: wireMessageSchema },
    stream: nullable({ type: 'boolean' }),
    stream_options: {
      type: ['object', 'null'],
      properties: { include_usage: { type: 'boolean' } },
    },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    max_tokens: { type: ['integer', 'null'], minimum: 1 },
    max_completion_tokens: { type: ['integer', 'null'], minimum: 1 },
    stop: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'null' }] },
    seed: nullable({ type: 'integer' }),
    n: { type: ['integer', 'null'], minimum: 1, maximum: 1 },
    tools: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['type', 'function'],
        properties: {
          type: { const: 'function' },
          function: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              description: { type: 'string' },
              parameters: { type: 'object' },
              strict: { type: ['boolean', 'null'] },
            },
          },
        },
      },
    },
    tool_choice: {
      anyOf: [
        { enum: ['auto', 'none', 'required'] },
        {
          type: 'object',
          required: ['type', 'function'],
          properties: {
            type: { const: 'function' },
            function: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
          },
        },
        { type: 'null' },
      ],
    },
    response_format: {
      type: ['object', 'null'],
      required: ['type'],
      properties: {
        type: { enum: ['text', 'json_object', 'json_schema'] },
        json_schema: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            description: { type: 'string' },
            schema: { type: 'object' },
            strict: { type: ['boolean', 'null'] },
          },
        },
      },
      allOf: [ifThen({ properties: { type: { const: 'json_schema' } } }, { required: ['json_schema'] })],
    },
  },
} as const;
