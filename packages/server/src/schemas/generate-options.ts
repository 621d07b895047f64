import type { JsonSchema, Message, ToolChoice } from '@core/types';
import { ifThen } from './if-then.js';

/** The call options `/generate`, `/batch` and `/stream` accept beside their prompts (a subset of `GenerateOptions`). */
export interface GenerateBodyOptions {
  systemPrompt?: string;
  /** Earlier turns, in our `Message` shape; the prompt is appended as the last user message. */
  messages?: Message[];
  /** Overrides the server's model for this call. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  stop?: string | string[];
  seed?: number;
  /** ms for the whole call (or until a stream's first chunk). */
  timeout?: number;
  /** Tools as plain JSON Schema; their calls are returned, never run. */
  tools?: Array<{ name: string; description?: string; parameters?: JsonSchema }>;
  toolChoice?: ToolChoice;
  /** Sent in the provider's request body last, unchanged. */
  providerOptions?: Record<string, unknown>;
}

const toolCallSchema = {
  type: 'object',
  required: ['id', 'name', 'arguments'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    arguments: { type: 'object' },
  },
} as const;

const contentPartSchema = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['text', 'image'] },
    text: { type: 'string' },
    image: { type: 'string' },
    mediaType: { type: 'string' },
  },
  additionalProperties: false,
  allOf: [
    ifThen({ properties: { type: { const: 'text' } } }, { required: ['text'] }),
    ifThen({ properties: { type: { const: 'image' } } }, { required: ['image'] }),
  ],
} as const;

/** One message of our `Message` union, as JSON. */
export const messageSchema = {
  type: 'object',
  required: ['role', 'content'],
  properties: {
    role: { enum: ['system', 'user', 'assistant', 'tool'] },
    content: { anyOf: [{ type: 'string' }, { type: 'array', items: contentPartSchema }] },
    toolCalls: { type: 'array', items: toolCallSchema },
    toolCallId: { type: 'string' },
    toolName: { type: 'string' },
    isError: { type: 'boolean' },
    reasoning: { type: 'string' },
  },
  additionalProperties: false,
  allOf: [
    ifThen({ properties: { role: { const: 'tool' } } }, { required: ['toolCallId'] }),
    ifThen(
      { properties: { role: { enum: ['system', 'assistant', 'tool'] } } },
      { properties: { content: { type: 'string' } } },
    ),
  ],
} as const;

/** JSON Schema properties of `GenerateBodyOptions`, shared by the body schemas of the three routes. */
export const generateOptionsProperties = {
  systemPrompt: { type: 'string' },
  messages: { type: 'array', items: messageSchema },
  model: { type: 'string', minLength: 1 },
  temperature: { type: 'number', minimum: 0 },
  maxTokens: { type: 'integer', minimum: 1 },
  topP: { type: 'number', minimum: 0, maximum: 1 },
  topK: { type: 'integer', minimum: 1 },
  stop: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  seed: { type: 'integer' },
  timeout: { type: 'number', exclusiveMinimum: 0 },
  tools: {
    type: 'array',
    items: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1 },
        description: { type: 'string' },
        parameters: { type: 'object' },
      },
      additionalProperties: false,
    },
  },
  toolChoice: {
    anyOf: [
      { enum: ['auto', 'none', 'required'] },
      {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' } },
        additionalProperties: false,
      },
    ],
  },
  providerOptions: { type: 'object' },
} as const;

/** JSON Schema of `Usage`: a count the provider did not report is left out, never `0`. */
export const usageSchema = {
  type: 'object',
  properties: {
    inputTokens: { type: 'integer' },
    outputTokens: { type: 'integer' },
    totalTokens: { type: 'integer' },
    reasoningTokens: { type: 'integer' },
    cachedInputTokens: { type: 'integer' },
  },
} as const;

/** JSON Schema of one `ToolCall` in a response. */
export const toolCallResponseSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    arguments: { type: 'object', additionalProperties: true },
    invalidArguments: { type: 'string' },
  },
} as const;
