import type { ServerOptions as HttpServerOptions } from 'node:http';
import type { LLM } from '@core/types';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { handleClientError } from './client-error-handler.js';
import { handleError, handleNotFound } from './error-handler.js';
import { authPlugin, type ClientKey } from './plugins/auth.js';
import { type CorsOption, corsPlugin } from './plugins/cors.js';
import { jsonBodyPlugin } from './plugins/json-body.js';
import { tracingPlugin } from './plugins/tracing.js';
import { createLlmGateway, type GatewayLlms, type LlmGateway } from './resolve-llm.js';
import { batchRoutes } from './routes/batch.js';
import { chatCompletionsRoutes } from './routes/chat-completions.js';
import { embeddingsRoutes } from './routes/embeddings.js';
import { generateRoutes } from './routes/generate.js';
import { healthRoute, healthRoutes } from './routes/health.js';
import { messagesRoutes } from './routes/messages.js';
import { modelsRoutes } from './routes/models.js';
import { streamRoutes } from './routes/stream.js';

/** Options of `createServer`. */
export interface ServerOptions {
  /** The LLM every route calls (from `createLLM`). The server does not own it: `serve().close()` unloads it. */
  llm?: LLM;
  /**
   * Instead of `llm`, named LLMs (`{ openai: llm1, ollama: llm2 }`) or `(providerName) => LLM | undefined`
   * (asked once per name, the LLM kept): a request's `model: "ollama/qwen3:4b"` goes to `ollama` with
   * `qwen3:4b`, and `GET /v1/models` lists every provider's models as `name/model`.
   */
  llms?: GatewayLlms;
  /** With `llms`: model names standing for a fallback chain (`{ fast: ['openai/gpt-4o-mini', 'ollama/qwen3:4b'] }`). */
  aliases?: Readonly<Record<string, readonly string[]>>;
  /**
   * With `llms`: the name bare model names (no `provider/`) and `GET /health` go to; default the first of
   * `llms` (required when `llms` is a function).
   */
  defaultLlm?: string;
  /** When set, every route but `GET /health` requires `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /**
   * Instead of `authToken`, one key per client: `{ token, name?, models?, rateLimit? }`. Every route but
   * `GET /health` then needs one of the tokens (401 otherwise); a key with `models` may only ask for those
   * (`openai/*` matches a prefix; 403 otherwise), and a key with `rateLimit` (a `RateLimiter`) gets a 429 when
   * its budget has no room at once.
   */
  authTokens?: readonly ClientKey[];
  /** The largest request body in bytes (default 1 MiB); a larger one gets a 413. */
  bodyLimit?: number;
  /** CORS through `@fastify/cors`: `true` allows any origin; an object sets its options. Off by default. */
  cors?: CorsOption;
  /** The most prompts one `POST /batch` may carry (default 100). */
  maxBatchSize?: number;
  /**
   * The deepest nesting of arrays and objects a JSON body may have, the body itself being level 1 (default 64).
   * A deeper body is a 400 (`json_too_deep`) before it is parsed: deep enough for any real tool schema, and far
   * from the depth where recursive code (validation, `JSON.stringify`) overflows the stack.
   */
  maxJsonDepth?: number;
  /**
   * ms a client has to send a whole request, headers and body, from its first byte (default 30000; `0` turns
   * it off). A slower one gets a 408 and its connection is closed, so a client that trickles bytes cannot hold
   * a connection forever. It bounds receiving the request only: an answer, a stream that lasts minutes included,
   * is never cut by it. Node checks at most once a second, so a request may overrun it by up to 1 s.
   */
  requestTimeout?: number;
  /**
   * The most TCP connections open at once (default 1000; `Infinity` for no limit); Node closes the ones beyond
   * it as they arrive, unanswered. Idle keep-alive connections count, and Fastify closes them after 72 s.
   */
  maxConnections?: number;
  /**
   * ms a `GET /health` result is reused (default 5000): probes, which need no key, then cost the provider at most
   * one `/models` call per interval, and concurrent probes share the check in flight. `0` checks on every probe.
   */
  healthMaxAge?: number;
  /** Fastify's `logger` option, passed through; off by default (a library never prints). */
  logger?: FastifyServerOptions['logger'];
}

const defaultBodyLimit = 1024 * 1024;
const defaultMaxBatchSize = 100;
const defaultMaxJsonDepth = 64;
const defaultRequestTimeoutMs = 30_000;
const defaultMaxConnections = 1000;
const defaultHealthMaxAgeMs = 5000;
// Node looks for overdue requests on a timer (30 s by default, which would let a request overrun a short
// `requestTimeout` by that much); a tenth of the timeout, at most 1 s, keeps the overrun small and the sweep cheap.
const maxTimeoutCheckIntervalMs = 1000;

function checkInteger(name: string, value: unknown, minimum: number, allowInfinity = false): void {
  if (value === undefined) return;
  if (allowInfinity && value === Number.POSITIVE_INFINITY) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`createServer: ${name} must be an integer`);
  }
  if (value < minimum) throw new RangeError(`createServer: ${name} must be at least ${minimum}`);
}

// Fastify hands `http` to `http.createServer`: `headersTimeout` (60 s in Node) may not exceed `requestTimeout`,
// and the interval of Node's check for overdue requests is only settable there.
function httpTimeoutsFor(requestTimeout: number): HttpServerOptions | null {
  if (requestTimeout === 0) return null;
  return {
    requestTimeout,
    headersTimeout: requestTimeout,
    connectionsCheckingInterval: Math.max(
      1,
      Math.min(maxTimeoutCheckIntervalMs, Math.floor(requestTimeout / 10)),
    ),
  };
}

function checkAuthTokens(options: ServerOptions): void {
  const keys: unknown = options.authTokens;
  if (keys === undefined) return;
  if (options.authToken !== undefined) {
    throw new TypeError('createServer: pass authToken or authTokens, not both');
  }
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new TypeError(
      'createServer: authTokens must be a non-empty array of { token, name?, models?, rateLimit? }',
    );
  }
  const seen = new Set<string>();
  keys.forEach((key: unknown, index) => {
    const at = `createServer: authTokens[${index}]`;
    if (typeof key !== 'object' || key === null) throw new TypeError(`${at} must be an object`);
    const { token, name, models, rateLimit } = key as Record<string, unknown>;
    if (typeof token !== 'string' || token === '')
      throw new TypeError(`${at}.token must be a non-empty string`);
    // The message names the index, never the token.
    if (seen.has(token)) throw new TypeError(`${at}.token is the same as an earlier key's`);
    seen.add(token);
    if (name !== undefined && typeof name !== 'string') throw new TypeError(`${at}.name must be a string`);
    if (
      models !== undefined &&
      (!Array.isArray(models) || models.some((model) => typeof model !== 'string' || model === ''))
    ) {
      throw new TypeError(`${at}.models must be an array of non-empty strings`);
    }
    if (
      rateLimit !== undefined &&
      (typeof rateLimit !== 'object' ||
        rateLimit === null ||
        typeof (rateLimit as { acquire?: unknown }).acquire !== 'function')
    ) {
      throw new TypeError(
        `${at}.rateLimit must be a rate limiter (an object with acquire(), e.g. a RateLimiter)`,
      );
    }
  });
}

function checkOptions(options: ServerOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('createServer: pass { llm, ... }');
  if (
    options.authToken !== undefined &&
    (typeof options.authToken !== 'string' || options.authToken === '')
  ) {
    throw new TypeError('createServer: authToken must be a non-empty string');
  }
  checkAuthTokens(options);
  checkInteger('bodyLimit', options.bodyLimit, 1);
  checkInteger('maxBatchSize', options.maxBatchSize, 1);
  checkInteger('maxJsonDepth', options.maxJsonDepth, 1);
  checkInteger('requestTimeout', options.requestTimeout, 0);
  checkInteger('maxConnections', options.maxConnections, 1, true);
  checkInteger('healthMaxAge', options.healthMaxAge, 0);
}

/**
 * Builds the Fastify app serving `llm`: `POST /generate`, `/batch`, `/stream`, the OpenAI-compatible
 * `POST /v1/chat/completions` and `GET /v1/models`, and `GET /health`. It does not listen: mount it, extend
 * it, `inject()` into it, or `listen()` (or use `serve`). Throws a TypeError or RangeError for a bad option.
 */
export function createServer(options: ServerOptions): FastifyInstance {
  checkOptions(options);
  const authKeys: readonly ClientKey[] | undefined =
    options.authTokens ?? (options.authToken === undefined ? undefined : [{ token: options.authToken }]);
  const gateway = createLlmGateway(options);
  const llm = gateway.defaultLlm;
  const requestTimeout = options.requestTimeout ?? defaultRequestTimeoutMs;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? defaultBodyLimit,
    // Bodies are validated as sent: no coercion of "1" into 1 and no silent removal of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    // Keep-alive sockets with no request in flight close at once on `close()`; streams finish first.
    forceCloseConnections: 'idle',
    // Node's requestTimeout bounds receiving a request (it stops counting once the body is in), never the answer.
    requestTimeout,
    http: httpTimeoutsFor(requestTimeout),
    // What Node's HTTP layer and Fastify's router refuse (a bad Content-Length, a bad URL, 408, 431) is answered
    // in the same OpenAI shape as every other error.
    clientErrorHandler: handleClientError,
    frameworkErrors: handleError,
  });
  app.server.maxConnections = options.maxConnections ?? defaultMaxConnections;
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  // First, so its hooks run before those answering early (CORS preflights, 401s). Health probes are left out:
  // a load balancer probing every few seconds would bury the calls' traces under root spans of probes that
  // continue nobody's trace.
  app.register(tracingPlugin, { untracedRoutes: [healthRoute] });
  app.register(jsonBodyPlugin, { maxDepth: options.maxJsonDepth ?? defaultMaxJsonDepth });
  if (options.cors !== undefined && options.cors !== false) app.register(corsPlugin, { cors: options.cors });

  // Open: load balancers probe it without credentials; only a caller with the token learns why it is down.
  app.register(healthRoutes, {
    llm,
    maxAge: options.healthMaxAge ?? defaultHealthMaxAgeMs,
    ...(authKeys === undefined ? {} : { authTokens: authKeys.map((key) => key.token) }),
  });

  app.register(async (api) => {
    if (authKeys !== undefined) await api.register(authPlugin, { keys: authKeys });
    await api.register(generateRoutes, { resolveLlm: gateway.resolve });
    await api.register(batchRoutes, {
      resolveLlm: gateway.resolve,
      maxBatchSize: options.maxBatchSize ?? defaultMaxBatchSize,
    });
    await api.register(streamRoutes, { resolveLlm: gateway.resolve });
    await api.register(chatCompletionsRoutes, { resolveLlm: gateway.resolve });
    await api.register(modelsRoutes, { gateway });
    await api.register(embeddingsRoutes, { resolveLlm: gateway.resolve });
    await api.register(messagesRoutes, { resolveLlm: gateway.resolve });
  });
  gateways.set(app, gateway);
  return app;
}

const gateways = new WeakMap<FastifyInstance, LlmGateway>();

/** The LLMs an app from `createServer` serves (for `serve().close()` to unload); `[]` for any other app. */
export function servedLlms(app: FastifyInstance): LLM[] {
  return (
    gateways
      .get(app)
      ?.providers()
      .map(([, llm]) => llm) ?? []
  );
}
