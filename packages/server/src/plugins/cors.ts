import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyPluginAsync } from 'fastify';
import { shareWithParent } from './share-with-parent.js';

/** `true` for any origin with this server's defaults, or `@fastify/cors` options (merged over the defaults). */
export type CorsOption = boolean | FastifyCorsOptions;

// Allowed request headers are left to @fastify/cors, which reflects what the preflight asks for (OpenAI's
// client sends its own `x-stainless-*` set). Browsers hide response headers from scripts unless they are
// exposed: clients back off on these.
const defaults: FastifyCorsOptions = {
  origin: '*',
  methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
  exposedHeaders: ['retry-after', 'retry-after-ms', 'x-request-id'],
  maxAge: 600,
};

/** Options of the CORS plugin. */
export interface CorsPluginOptions {
  cors: FastifyCorsOptions | true;
}

/**
 * CORS for the whole app through `@fastify/cors`, answering preflights before auth runs. The headers also
 * reach server-sent event streams, which copy the reply's headers when they take the socket over.
 */
export const corsPlugin: FastifyPluginAsync<CorsPluginOptions> = shareWithParent(async (app, { cors }) => {
  await app.register(fastifyCors, cors === true ? defaults : { ...defaults, ...cors });
});
