export type { RedisServer } from './start-redis-server.js';
export { redisMissingReason, startRedisServer } from './start-redis-server.js';
