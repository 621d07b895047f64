import { createHash, timingSafeEqual } from 'node:crypto';
import type { RateLimiterLike } from '@core/types';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { RequestError } from '../request-error.js';
import { shareWithParent } from './share-with-parent.js';

/** One client's key: its token and, optionally, a name for messages, the models it may use and its own budget. */
export interface ClientKey {
  /** The bearer token (or, on `/v1/messages`, `x-api-key`) the client presents. */
  token: string;
  /** Names the key in error messages and logs; the token never appears there. */
  name?: string;
  /**
   * The models this key may ask for, as the request's `model` says them (`openai/gpt-4o-mini`); an entry
   * ending in `*` matches every model starting with what precedes it (`openai/*`). Absent: any model.
   */
  models?: readonly string[];
  /** This key's own budget: a request it has no room for at once is a 429 (it never waits). */
  rateLimit?: RateLimiterLike;
}

/** Options of the auth plugin. */
export interface AuthPluginOptions {
  /** The keys that open the scope. */
  keys: readonly ClientKey[];
}

/** A limiter that can say at once whether it has room, taking it if so. */
interface TryAcquireLimiter extends RateLimiterLike {
  tryAcquire(options?: { tokens?: number }): boolean;
}

// Both sides are hashed first so the comparison takes the same time whatever the length of the guess.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The token of an `Authorization: Bearer <token>` header, or `undefined` when there is none. */
export function presentedToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * A lookup of presented tokens among `keys`, in constant time: every key is compared, whichever matches, so
 * the time taken says nothing about which key (or how much of one) a guess got right.
 */
export function createKeyLookup<Key extends { token: string }>(
  keys: readonly Key[],
): (presented: string | undefined) => Key | undefined {
  const digests = keys.map((key) => ({ key, digest: digest(key.token) }));
  return (presented) => {
    if (presented === undefined) return undefined;
    const guess = digest(presented);
    let found: Key | undefined;
    for (const entry of digests) {
      if (timingSafeEqual(guess, entry.digest) && found === undefined) found = entry.key;
    }
    return found;
  };
}

/** Whether `model` (as the client sent it) is one of `allowed`, where `prefix*` matches by prefix. */
export function modelAllowed(allowed: readonly string[], model: string): boolean {
  return allowed.some((entry) =>
    entry.endsWith('*') ? model.startsWith(entry.slice(0, -1)) : entry === model,
  );
}

const noRoom = Symbol('no room');

/**
 * Takes a request from `limiter` if it has room now, without waiting: `tryAcquire` when the limiter has it,
 * else `acquire` with a signal aborted once a zero-delay timer fires (`RateLimiter` grants synchronously when
 * it has room, so only a limiter that would make the request wait is refused).
 */
export async function acquireNow(limiter: RateLimiterLike): Promise<boolean> {
  const maybe = limiter as Partial<TryAcquireLimiter>;
  if (typeof maybe.tryAcquire === 'function') return maybe.tryAcquire.call(limiter) === true;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(noRoom), 0);
  try {
    await limiter.acquire({ signal: controller.signal });
    return true;
  } catch (error) {
    if (error === noRoom || controller.signal.aborted) return false;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

const anthropicRoute = '/v1/messages';

function isAnthropicRoute(request: FastifyRequest): boolean {
  return request.routeOptions.url === anthropicRoute;
}

// What a request presents: the bearer token, or on `/v1/messages` also `x-api-key` (the Anthropic SDK's default).
function presentedKey(request: FastifyRequest): string | undefined {
  const bearer = presentedToken(request.headers.authorization);
  if (bearer !== undefined || !isAnthropicRoute(request)) return bearer;
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined;
}

function keyLabel(key: ClientKey): string {
  return key.name === undefined ? 'This API key' : `The API key '${key.name}'`;
}

const clientKeys = new WeakMap<FastifyRequest, ClientKey>();

/** The key a request of an authenticated scope presented, or `undefined` where no auth applies. */
export function clientKeyOf(request: FastifyRequest): ClientKey | undefined {
  return clientKeys.get(request);
}

/**
 * Requires one of `keys` on every request of the scope that registers it: `Authorization: Bearer <token>`,
 * or `x-api-key` on `/v1/messages`, looked up in constant time; anything else is a 401 (`invalid_api_key`).
 * Then, once the body is parsed, a key limited to `models` asking for another is a 403 (`model_not_allowed`),
 * and a key whose `rateLimit` has no room is a 429 (`rate_limit_exceeded`). Errors take the route's shape
 * (each scope's error handler); no message ever carries a token. CORS preflights (`OPTIONS`) pass: browsers
 * never send credentials with them.
 */
export const authPlugin: FastifyPluginAsync<AuthPluginOptions> = shareWithParent(async (app, { keys }) => {
  const lookup = createKeyLookup(keys);
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS') return;
    const presented = presentedKey(request);
    const key = lookup(presented);
    if (key !== undefined) {
      clientKeys.set(request, key);
      return;
    }
    const anthropic = isAnthropicRoute(request);
    throw new RequestError({
      status: 401,
      message:
        presented === undefined
          ? anthropic
            ? 'Missing API key: send an x-api-key header or an Authorization: Bearer <token> header'
            : 'Missing bearer token: send an Authorization: Bearer <token> header'
          : 'Incorrect API key provided',
      code: 'invalid_api_key',
    });
  });
  app.addHook('preHandler', async (request) => {
    const key = clientKeys.get(request);
    if (key === undefined) return;
    if (key.models !== undefined) {
      const body = request.body as { model?: unknown } | undefined;
      const model = typeof body === 'object' && body !== null ? body.model : undefined;
      // Routes that take no model (GET /v1/models) are open to every key.
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        if (typeof model !== 'string' || model === '') {
          throw new RequestError({
            status: 403,
            type: 'invalid_request_error',
            message: `${keyLabel(key)} is limited to some models: name one of them in 'model'`,
            code: 'model_not_allowed',
            param: 'model',
          });
        }
        if (!modelAllowed(key.models, model)) {
          throw new RequestError({
            status: 403,
            type: 'invalid_request_error',
            message: `${keyLabel(key)} may not use the model '${model}'`,
            code: 'model_not_allowed',
            param: 'model',
          });
        }
      }
    }
    if (key.rateLimit !== undefined && !(await acquireNow(key.rateLimit))) {
      throw new RequestError({
        status: 429,
        type: 'rate_limit_error',
        message: `${keyLabel(key)} is over its rate limit; retry later`,
        code: 'rate_limit_exceeded',
      });
    }
  });
});
