import type { DemoPattern } from './demo-pattern.js';
import { compareAndConsensus } from './patterns/compare-and-consensus.js';
import { concurrentRequests } from './patterns/concurrent-requests.js';
import { concurrentSessions } from './patterns/concurrent-sessions.js';
import { concurrentStreams } from './patterns/concurrent-streams.js';
import { perTaskErrors } from './patterns/per-task-errors.js';
import { progressBar } from './patterns/progress-bar.js';
import { rateLimit } from './patterns/rate-limit.js';
import { responsiveEventLoop } from './patterns/responsive-event-loop.js';
import { retryWithBackoff } from './patterns/retry-with-backoff.js';
import { sessionMemory } from './patterns/session-memory.js';
import { singleRequest } from './patterns/single-request.js';
import { streaming } from './patterns/streaming.js';

/** The seed's patterns, in the order its guide introduces them. */
export const demoPatterns: readonly DemoPattern[] = [
  singleRequest,
  concurrentRequests,
  streaming,
  concurrentStreams,
  sessionMemory,
  concurrentSessions,
  compareAndConsensus,
  perTaskErrors,
  retryWithBackoff,
  rateLimit,
  progressBar,
  responsiveEventLoop,
];
