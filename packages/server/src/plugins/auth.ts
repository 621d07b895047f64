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

function presentedToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/**
 * Requires `Authorization: Bearer <token>` on every request of the scope that registers it, compared in
 * constant time; anything else is a 401 in OpenAI's shape (`invalid_api_key`). CORS preflights (`OPTIONS`)
 * pass: browsers never send credentials with them.
 */
export const authPlugin: FastifyPluginAsync<AuthPluginOptions> = shareWithParent(async (app, { token }) => {
  const expected = digest(token);
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS') return;
    const presented = presentedToken(request.headers.authorization);
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return;
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
