import { anthropicMessagesRequestSchema } from './anthropic-messages-request.js';
import { anthropicErrorBodySchema, anthropicMessageSchema } from './anthropic-messages-response.js';

/**
 * The full schema of `POST /v1/messages`: a message as JSON, or, when `stream` is true, server-sent events the
 * route writes itself (`write-anthropic-sse.ts`); every error in Anthropic's shape.
 */
export const anthropicMessagesRouteSchema = {
  body: anthropicMessagesRequestSchema,
  response: {
    200: anthropicMessageSchema,
    '4xx': anthropicErrorBodySchema,
    '5xx': anthropicErrorBodySchema,
  },
} as const;
