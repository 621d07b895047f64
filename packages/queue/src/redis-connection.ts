import { Redis } from 'ioredis';

/** Where Redis is: a `redis://` URL, or an ioredis client the caller made (and closes). */
export type RedisConnection = string | Redis;

/** A client to use, and whether this package made it (and so must close it). */
export interface ResolvedConnection {
  client: Redis;
  owned: boolean;
}

/**
 * The client for `connection`. A URL gets a client of our own with `maxRetriesPerRequest: null`, which BullMQ
 * requires of the connections its workers block on; a client the caller made is used as it is.
 */
export function resolveConnection(connection: RedisConnection): ResolvedConnection {
  if (typeof connection === 'string') {
    return { client: new Redis(connection, { maxRetriesPerRequest: null }), owned: true };
  }
  if (connection === null || typeof connection !== 'object' || typeof connection.duplicate !== 'function') {
    throw new TypeError('connection must be a redis:// URL or an ioredis client');
  }
  return { client: connection, owned: false };
}

/** Checks a queue name once, at the entry: BullMQ uses it inside Redis keys. Throws a TypeError. */
export function checkQueueName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.includes(':')) {
    throw new TypeError(`name must be a non-empty string without ':', not ${JSON.stringify(name)}`);
  }
  return name;
}
