import type { LLM } from '@core/types';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { handleError, handleNotFound } from './error-handler.js';
import { authPlugin } from './plugins/auth.js';
import { type CorsOption, corsPlugin } from './plugins/cors.js';
import { batchRoutes } from './routes/batch.js';
import { chatCompletionsRoutes } from './routes/chat-completions.js';
import { generateRoutes } from './routes/generate.js';
import { healthRoutes } from './routes/health.js';
import { modelsRoutes } from './routes/models.js';
import { streamRoutes } from './routes/stream.js';

/** Options of `createServer`. */
export interface ServerOptions {
  /** The LLM every route calls (from `createLLM`). The server does not own it: `serve().close()` unloads it. */
  llm: LLM;
  /** When set, every route but `GET /health` requires `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** The largest request body in bytes (default 1 MiB); a larger one gets a 413. */
  bodyLimit?: number;
  /** CORS through `@fastify/cors`: `true` allows any origin; an object sets its options. Off by default. */
  cors?: CorsOption;
  /** The most prompts one `POST /batch` may carry (default 100). */
  maxBatchSize?: number;
  /** Fastify's `logger` option, passed through; off by default (a library never prints). */
  logger?: FastifyServerOptions['logger'];
}

const defaultBodyLimit = 1024 * 1024;
const defaultMaxBatchSize = 100;

function checkPositiveInteger(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`createServer: ${name} must be an integer`);
  }
  if (value < 1) throw new RangeError(`createServer: ${name} must be at least 1`);
}

function checkOptions(options: ServerOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('createServer: pass { llm, ... }');
  const llm = options.llm as Partial<LLM> | undefined;
  if (typeof llm?.agenerate !== 'function' || typeof llm.listModels !== 'function') {
    throw new TypeError('createServer: llm must be an LLM made with createLLM');
  }
  if (
    options.authToken !== undefined &&
    (typeof options.authToken !== 'string' || options.authToken === '')
  ) {
    throw new TypeError('createServer: authToken must be a non-empty string');
  }
  checkPositiveInteger('bodyLimit', options.bodyLimit);
  checkPositiveInteger('maxBatchSize', options.maxBatchSize);
}

/**
 * Builds the Fastify app serving `llm`: `POST /generate`, `/batch`, `/stream`, the OpenAI-compatible
 * `POST /v1/chat/completions` and `GET /v1/models`, and `GET /health`. It does not listen: mount it, extend
 * it, `inject()` into it, or `listen()` (or use `serve`). Throws a TypeError or RangeError for a bad option.
 */
export function createServer(options: ServerOptions): FastifyInstance {
  checkOptions(options);
  const { llm } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? defaultBodyLimit,
    // Bodies are validated as sent: no coercion of "1" into 1 and no silent removal of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    // Keep-alive sockets with no request in flight close at once on `close()`; streams finish first.
    forceCloseConnections: 'idle',
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  if (options.cors !== undefined && options.cors !== false) app.register(corsPlugin, { cors: options.cors });

  // Open: load balancers probe it without credentials, and it reveals no more than "up" or "down".
  app.register(healthRoutes, { llm });

  app.register(async (api) => {
    if (options.authToken !== undefined) await api.register(authPlugin, { token: options.authToken });
    await api.register(generateRoutes, { llm });
    await api.register(batchRoutes, { llm, maxBatchSize: options.maxBatchSize ?? defaultMaxBatchSize });
    await api.register(streamRoutes, { llm });
    await api.register(chatCompletionsRoutes, { llm });
    await api.register(modelsRoutes, { llm });
  });
  return app;
}
