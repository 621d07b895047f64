import { errorResponses } from './error.js';

/** The answer of `GET /health`. */
export interface HealthReply {
  status: 'ok' | 'unavailable';
  provider: string;
  model: string | null;
  /** ms the provider took to answer. */
  latencyMs: number;
  error?: string;
}

const healthReplySchema = {
  type: 'object',
  required: ['status', 'provider', 'model', 'latencyMs'],
  properties: {
    status: { enum: ['ok', 'unavailable'] },
    provider: { type: 'string' },
    model: { type: ['string', 'null'] },
    latencyMs: { type: 'number' },
    error: { type: 'string' },
  },
} as const;

/** The full schema of `GET /health`: 200 when the provider answers, 503 when it does not. */
export const healthRouteSchema = {
  response: { 200: healthReplySchema, 503: healthReplySchema, ...errorResponses },
} as const;
