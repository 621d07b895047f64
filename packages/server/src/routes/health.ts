import type { HealthStatus, LLM } from '@core/types';
import type { FastifyPluginAsync } from 'fastify';
import { createKeyLookup, presentedToken } from '../plugins/auth.js';
import { type HealthReply, healthRouteSchema } from '../schemas/health.js';

/** Options of the `/health` route plugin. */
export interface HealthRoutesOptions {
  llm: LLM;
  /** ms a check's result is reused. */
  maxAge: number;
  /** The server's tokens: only a caller presenting one sees why the provider is down. */
  authTokens?: readonly string[];
}

/** The path of the health probe. */
export const healthRoute = '/health';

/** What a caller without the token learns of a failed check: the provider's error names its host and port. */
const undisclosedError = 'upstream unreachable';

/**
 * `GET /health`: `llm.health()` (which never throws) as 200 when the provider answers, 503 when it does not.
 * A result is reused for `maxAge` ms and probes that arrive during a check wait for that one, so the open
 * route cannot make the server hammer its provider.
 */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, options) => {
  const { llm, maxAge } = options;
  const lookup =
    options.authTokens === undefined
      ? undefined
      : createKeyLookup(options.authTokens.map((token) => ({ token })));
  let cached: { health: HealthStatus; expiresAt: number } | undefined;
  let inFlight: Promise<HealthStatus> | undefined;

  const check = (): HealthStatus | Promise<HealthStatus> => {
    if (cached !== undefined && performance.now() < cached.expiresAt) return cached.health;
    inFlight ??= llm
      .health()
      .then((health) => {
        cached = { health, expiresAt: performance.now() + maxAge };
        return health;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  app.get<{ Reply: HealthReply }>(healthRoute, { schema: healthRouteSchema }, async (request, reply) => {
    const health = await check();
    reply.status(health.ok ? 200 : 503);
    const disclosed = lookup?.(presentedToken(request.headers.authorization)) !== undefined;
    const error = health.ok ? undefined : disclosed ? (health.error ?? undisclosedError) : undisclosedError;
    return {
      status: health.ok ? 'ok' : 'unavailable',
      provider: llm.provider,
      model: llm.model ?? null,
      latencyMs: health.latencyMs,
      ...(error === undefined ? {} : { error }),
    };
  });
};
