import { RateLimiter } from '@core/session';
import { formatDuration } from '../../terminal.js';
import type { DemoPattern } from '../demo-pattern.js';

/**
 * A `RateLimiter` spaces requests out: no more than two start in any second. The same limiter can be given
 * to `createLLM(…, { rateLimit: limiter })`, where every attempt (retries included) waits for it.
 */
export const rateLimit: DemoPattern = {
  name: 'rate-limit',
  title: 'Rate limiting',
  shows: 'A RateLimiter of 2 requests per second: six requests sent together start two per second.',
  async run({ llm, terminal, maxTokens }) {
    const limiter = new RateLimiter({ requestsPerSecond: 2 });
    const started = performance.now();
    const offsets = await Promise.all(
      Array.from({ length: 6 }, async (_, index) => {
        await limiter.acquire();
        const at = performance.now() - started;
        await llm.agenerate(`Count to ${index + 1}.`, { maxTokens: Math.min(maxTokens, 8) });
        return at;
      }),
    );
    offsets.forEach((at, index) => {
      terminal.line(`  request ${index + 1} started at +${formatDuration(at)}`);
    });
    return undefined;
  },
};
