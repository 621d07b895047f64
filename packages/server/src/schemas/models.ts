import { errorResponses } from './error.js';

/** One model in OpenAI's shape. */
export interface WireModel {
  id: string;
  object: 'model';
  /** Unix time in seconds (0 when the provider does not say). */
  created: number;
  owned_by: string;
}

/** The answer of `GET /v1/models`. */
export interface WireModelList {
  object: 'list';
  data: WireModel[];
}

const wireModelSchema = {
  type: 'object',
  required: ['id', 'object', 'created', 'owned_by'],
  properties: {
    id: { type: 'string' },
    object: { type: 'string' },
    created: { type: 'integer' },
    owned_by: { type: 'string' },
  },
} as const;

/** The full schema of `GET /v1/models`. */
export const listModelsRouteSchema = {
  response: {
    200: {
      type: 'object',
      required: ['object', 'data'],
      properties: { object: { type: 'string' }, data: { type: 'array', items: wireModelSchema } },
    },
    ...errorResponses,
  },
} as const;

/** The full schema of `GET /v1/models/:model`. */
export const retrieveModelRouteSchema = {
  params: {
    type: 'object',
    required: ['model'],
    properties: { model: { type: 'string', minLength: 1 } },
  },
  response: { 200: wireModelSchema, ...errorResponses },
} as const;
