import { chatCompletionRequestSchema } from './chat-completion-request.js';
import { chatCompletionChunkSchema, chatCompletionSchema } from './chat-completion-response.js';
import { errorResponses } from './error.js';

/** The full schema of `POST /v1/chat/completions`: JSON, or server-sent events when `stream` is true. */
export const chatCompletionsRouteSchema = {
  body: chatCompletionRequestSchema,
  response: {
    200: {
      content: {
        'application/json': { schema: chatCompletionSchema },
        'text/event-stream': { schema: chatCompletionChunkSchema },
      },
    },
    ...errorResponses,
  },
} as const;
