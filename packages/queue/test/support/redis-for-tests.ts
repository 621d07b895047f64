import { type RedisServer, redisMissingReason, startRedisServer } from '@tooling/redis-server';
import { afterAll, beforeAll } from 'vitest';

/**
 * Why this file's tests skip, or `undefined` when they run. In CI (`CI=true`) Redis must be there:
 * the tests then run and fail loudly instead of skipping.
 */
export const redisSkipReason = process.env.CI === 'true' ? undefined : redisMissingReason();

/** A redis-server for this test file, started before its tests and stopped after them. */
export function useRedisServer(): { readonly url: string } {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    if (redisSkipReason === undefined) server = await startRedisServer();
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get url() {
      if (server === undefined) throw new Error('redis-server is not running');
      return server.url;
    },
  };
}
