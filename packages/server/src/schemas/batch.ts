import { type ErrorBody, errorBodySchema, errorResponses } from './error.js';
import { type GenerateBodyOptions, generateOptionsProperties } from './generate-options.js';

/** The body of `POST /batch`: the prompts, and options every prompt shares. */
export interface BatchBody extends GenerateBodyOptions {
  prompts: string[];
}

/** The answer of `POST /batch`: per prompt, in order, its text or the error it ended with. */
export interface BatchReply {
  responses: Array<string | ErrorBody>;
}

/** The full schema of `POST /batch`, allowing at most `maxBatchSize` prompts. */
export function batchRouteSchema(maxBatchSize: number) {
  return {
    body: {
      type: 'object',
      required: ['prompts'],
      properties: {
        prompts: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: maxBatchSize },
        ...generateOptionsProperties,
      },
      additionalProperties: false,
    },
    response: {
      200: {
        type: 'object',
        required: ['responses'],
        properties: {
          responses: { type: 'array', items: { anyOf: [{ type: 'string' }, errorBodySchema] } },
        },
      },
      ...errorResponses,
    },
  } as const;
}
