import type { FinishReason, ToolCall, Usage } from '@core/types';
import { errorResponses } from './error.js';
import {
  type GenerateBodyOptions,
  generateOptionsProperties,
  toolCallResponseSchema,
  usageSchema,
} from './generate-options.js';

/** The body of `POST /generate` and `POST /stream`. */
export interface GenerateBody extends GenerateBodyOptions {
  prompt: string;
}

/** The answer of `POST /generate`. */
export interface GenerateReply {
  response: string;
  model: string;
  finishReason: FinishReason;
  usage: Usage;
  toolCalls?: ToolCall[];
  reasoning?: string;
}

/** JSON Schema of `GenerateBody`: unknown fields are refused, so a misspelt option is a 400, not ignored. */
export const generateBodySchema = {
  type: 'object',
  required: ['prompt'],
  properties: { prompt: { type: 'string' }, ...generateOptionsProperties },
  additionalProperties: false,
} as const;

/** JSON Schema of `GenerateReply`. */
export const generateReplySchema = {
  type: 'object',
  required: ['response', 'model', 'finishReason', 'usage'],
  properties: {
    response: { type: 'string' },
    model: { type: 'string' },
    finishReason: { type: 'string' },
    usage: usageSchema,
    toolCalls: { type: 'array', items: toolCallResponseSchema },
    reasoning: { type: 'string' },
  },
} as const;

/** The full schema of `POST /generate`. */
export const generateRouteSchema = {
  body: generateBodySchema,
  response: { 200: generateReplySchema, ...errorResponses },
} as const;
