import { errorResponses } from './error.js';

// Shapes from OpenAI's Embeddings reference (https://platform.openai.com/docs/api-reference/embeddings); only
// the fields this server reads or writes.

/** The body of `POST /v1/embeddings`. */
export interface EmbeddingsRequest {
  model?: string;
  input: string | string[];
  /** `base64` is what OpenAI's own clients ask for by default: little-endian float32s, base64-encoded. */
  encoding_format?: 'float' | 'base64';
  /** Passed to the provider as is, where its wire takes it (OpenAI, Ollama). */
  dimensions?: number;
  user?: string;
}

/** One input's embedding. */
export interface WireEmbedding {
  object: 'embedding';
  index: number;
  embedding: number[] | string;
}

/** The answer. */
export interface EmbeddingsResponse {
  object: 'list';
  data: WireEmbedding[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** JSON Schema of `EmbeddingsRequest`. Token-array inputs are not taken: our `embed` embeds text. */
export const embeddingsRequestSchema = {
  type: 'object',
  required: ['input'],
  properties: {
    model: { type: 'string', minLength: 1 },
    input: {
      anyOf: [{ type: 'string' }, { type: 'array', minItems: 1, maxItems: 2048, items: { type: 'string' } }],
    },
    encoding_format: { enum: ['float', 'base64'] },
    dimensions: { type: 'integer', minimum: 1 },
    user: { type: 'string' },
  },
} as const;

/** JSON Schema of `EmbeddingsResponse`, for Fastify's serializer. */
export const embeddingsResponseSchema = {
  type: 'object',
  properties: {
    object: { type: 'string' },
    data: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          object: { type: 'string' },
          index: { type: 'integer' },
          embedding: { anyOf: [{ type: 'array', items: { type: 'number' } }, { type: 'string' }] },
        },
      },
    },
    model: { type: 'string' },
    usage: {
      type: 'object',
      properties: { prompt_tokens: { type: 'integer' }, total_tokens: { type: 'integer' } },
    },
  },
} as const;

/** The full schema of `POST /v1/embeddings`. */
export const embeddingsRouteSchema = {
  body: embeddingsRequestSchema,
  response: { 200: embeddingsResponseSchema, ...errorResponses },
} as const;
