import { randomUUID } from 'node:crypto';
import type { RateLimiterLike } from '@core/types';
import { checkQueueName, type RedisConnection, resolveConnection } from './redis-connection.js';

/** Options of `createTokenBudget`. */
export interface TokenBudgetOptions {
  connection: RedisConnection;
  /** The queue (or any name) whose workers share the budget. */
  name: string;
  tokensPerMinute: number;
  /** The sliding window, in ms (default 60000); shorter only in tests. */
  windowMs?: number;
}

/** A token budget shared through Redis: pass it as `createLLM(…, { rateLimit })`; `close()` when done. */
export interface TokenBudget extends RateLimiterLike {
  close(): Promise<void>;
}

// A sliding-window log in one sorted set: member `<uuid>:<tokens>`, score the start time in ms. The clock is
// Redis's (TIME), so workers on machines whose clocks disagree still share one window. It answers 0 when
// the request may start (and records it), else the ms until enough of the window has slid away. A request
// above the whole budget starts alone in an empty window, as the in-process RateLimiter does.
const acquireScript = `
local budget = tonumber(ARGV[1])
local tokens = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local used = 0
for i = 1, #entries, 2 do used = used + tonumber(string.match(entries[i], ':(%d+)$')) end
if #entries == 0 or used + tokens <= budget then
  redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. tokens)
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local excess = used + tokens - budget
local wait = 1
for i = 1, #entries, 2 do
  excess = excess - tonumber(string.match(entries[i], ':(%d+)$'))
  wait = tonumber(entries[i + 1]) + window - now
  if excess <= 0 then break end
end
return math.max(wait, 1)
`;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A tokens-per-minute budget that every process using the same Redis and `name` shares: the pipeline asks it
 * before each attempt with the attempt's estimated tokens (prompt plus `maxTokens`), so ten workers on ten
 * machines together stay under the provider's limit. Throws a RangeError for a budget that is not positive.
 */
export function createTokenBudget(options: TokenBudgetOptions): TokenBudget {
  const name = checkQueueName(options?.name);
  const { tokensPerMinute } = options;
  if (typeof tokensPerMinute !== 'number' || !Number.isFinite(tokensPerMinute) || tokensPerMinute <= 0) {
    throw new RangeError(`tokensPerMinute must be a positive number, not ${String(tokensPerMinute)}`);
  }
  const windowMs = options.windowMs ?? 60_000;
  const { client, owned } = resolveConnection(options.connection);
  const key = `abstractcore:queue:${name}:tokens`;
  return {
    async acquire({ tokens = 0, signal } = {}) {
      const whole = Math.max(0, Math.ceil(tokens));
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const waitMs = Number(
          await client.eval(acquireScript, 1, key, tokensPerMinute, whole, windowMs, randomUUID()),
        );
        if (waitMs <= 0) return;
        await sleep(waitMs, signal);
      }
    },
    async close() {
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}
