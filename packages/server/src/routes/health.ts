import type { LLM } from '@core/types';
import type { FastifyPluginAsync } from 'fastify';
import { type HealthReply, healthRouteSchema } from '../schemas/health.js';

/** Options of the `/health` route plugin. */
export interface HealthRoutesOptions {
  llm: LLM;
}

/** `GET /health`: `llm.health()` (which never throws) as 200 when the provider answers, 503 when it does not. */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { llm }) => {
  app.get<{ Reply: HealthReply }>('/health', { schema: healthRouteSchema }, async (_request, reply) => {
    const health = await llm.health();
    reply.status(health.ok ? 200 : 503);
    return {
      status: health.ok ? 'ok' : 'unavailable',
      provider: llm.provider,
      model: llm.model ?? null,
      latencyMs: health.latencyMs,
      ...(health.error === undefined ? {} : { error: health.error }),
    };
  });
};
