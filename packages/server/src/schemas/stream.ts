import { errorResponses } from './error.js';
import { generateBodySchema } from './generate.js';
import { toolCallResponseSchema, usageSchema } from './generate-options.js';

/**
 * JSON Schema of one `POST /stream` event: a `GenerateChunk` (`content`, and `reasoning`, `toolCalls`,
 * `finishReason`, `usage`, `model` where the chunk has them). It serializes every event.
 */
export const streamChunkSchema = {
  type: 'object',
  required: ['content'],
  properties: {
    content: { type: 'string' },
    reasoning: { type: 'string' },
    toolCalls: { type: 'array', items: toolCallResponseSchema },
    finishReason: { type: 'string' },
    usage: usageSchema,
    model: { type: 'string' },
  },
} as const;

/** The full schema of `POST /stream`: the body of `/generate`, answered with server-sent events. */
export const streamRouteSchema = {
  body: generateBodySchema,
  response: {
    200: { content: { 'text/event-stream': { schema: streamChunkSchema } } },
    ...errorResponses,
  },
} as const;
