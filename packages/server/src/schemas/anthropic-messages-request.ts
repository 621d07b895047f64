import { ifThen } from './if-then.js';

// Shapes from Anthropic's Messages API reference (https://docs.anthropic.com/en/api/messages); only the
// fields this server reads. Unknown fields are ignored, as other Anthropic-compatible servers do; a block type
// it cannot carry to our messages is a 400 naming the block (see convert-anthropic-request.ts).

/** `{ type: 'text' }`. */
export interface AnthropicTextBlock {
  type: 'text';
  text: string;
}

/** An image, as base64 bytes or a URL. */
export interface AnthropicImageBlock {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };
}

/** A tool call the assistant made; `input` is already an object. */
export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** A tool's result, sent back in a user turn. */
export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<AnthropicTextBlock | AnthropicImageBlock>;
  is_error?: boolean;
}

/** Signed reasoning the assistant produced, sent back to continue the conversation. */
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature?: string;
}

/** Reasoning the provider redacted: opaque data. */
export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** One block of an incoming message's content. */
export type AnthropicInputBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

/** One incoming message: Anthropic has only user and assistant turns (`system` is a top-level field). */
export interface AnthropicInputMessage {
  role: 'user' | 'assistant';
  content: string | AnthropicInputBlock[];
}

/** A tool offered to the model. */
export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

/** `tool_choice`. */
export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** The body of `POST /v1/messages`. */
export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicInputMessage[];
  system?: string | AnthropicTextBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stream?: boolean;
  metadata?: { user_id?: string | null };
}

const textBlockSchema = {
  type: 'object',
  required: ['type', 'text'],
  properties: { type: { const: 'text' }, text: { type: 'string' } },
} as const;

// Blocks are checked for their `type` here and field by field where they are converted, so that a block type
// this server cannot carry gets a message naming it instead of an anyOf mismatch listing every alternative.
const inputBlockSchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string' } },
} as const;

/** JSON Schema of `AnthropicMessagesRequest`. */
export const anthropicMessagesRequestSchema = {
  type: 'object',
  required: ['model', 'max_tokens', 'messages'],
  properties: {
    model: { type: 'string', minLength: 1 },
    max_tokens: { type: 'integer', minimum: 1 },
    messages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['role', 'content'],
        properties: {
          role: { enum: ['user', 'assistant'] },
          content: { anyOf: [{ type: 'string' }, { type: 'array', items: inputBlockSchema }] },
        },
      },
    },
    system: { anyOf: [{ type: 'string' }, { type: 'array', items: textBlockSchema }] },
    tools: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'input_schema'],
        properties: {
          name: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          input_schema: { type: 'object' },
        },
      },
    },
    tool_choice: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: ['auto', 'any', 'tool', 'none'] },
        name: { type: 'string' },
        disable_parallel_tool_use: { type: 'boolean' },
      },
      allOf: [ifThen({ properties: { type: { const: 'tool' } } }, { required: ['name'] })],
    },
    stop_sequences: { type: 'array', items: { type: 'string' } },
    temperature: { type: 'number', minimum: 0, maximum: 1 },
    top_p: { type: 'number', minimum: 0, maximum: 1 },
    top_k: { type: 'integer', minimum: 0 },
    stream: { type: 'boolean' },
    metadata: { type: 'object', properties: { user_id: { type: ['string', 'null'] } } },
  },
} as const;
