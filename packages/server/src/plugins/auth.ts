import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { RequestError } from '../request-error.js';
import { shareWithParent } from './share-with-parent.js';

/** Options of the auth plugin. */
export interface AuthPluginOptions {
  /** The bearer token every request in the scope must present. */
  token: string;
}

// Both sides are hashed first so the comparison takes the same time whatever the length of the guess.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The token of an `Authorization: Bearer <token>` header, or `undefined` when there is none. */
export function presentedToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/** A check of presented tokens against `token`, in constant time. */
export function createTokenCheck(token: string): (presented: string | undefined) => boolean {
  const expected = digest(token);
  return (presented) => presented !== undefined && timingSafeEqual(digest(presented), expected);
}

/**
 * Requires `Authorization: Bearer <token>` on every request of the scope that registers it, compared in
 * constant time; anything else is a 401 in OpenAI's shape (`invalid_api_key`). CORS preflights (`OPTIONS`)
 * pass: browsers never send credentials with them.
 */
export const authPlugin: FastifyPluginAsync<AuthPluginOptions> = shareWithParent(async (app, { token }) => {
  const matches = createTokenCheck(token);
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS') return;
    const presented = presentedToken(request.headers.authorization);
    if (matches(presented)) return;
    throw new RequestError({
      status: 401,
      message:
        presented === undefined
          ? 'Missing bearer token: send an Authorization: Bearer <token> header'
          : 'Incorrect API key provided',
      code: 'invalid_api_key',
    });
  });
});
