import type { Reply, Wire } from './reply.js';

/** What a request offers to the queue when it looks for its reply. */
export interface QueueRequest {
  path: string;
  model: string | undefined;
  wire: Wire | 'other';
  /** Generation endpoints take any fitting reply; other endpoints only one whose `match.path` names them. */
  generation: boolean;
}

/** The FIFO of scripted replies. */
export interface ReplyQueue {
  push(replies: readonly Reply[]): void;
  /** Removes and returns the first reply that fits the request, or `undefined`. */
  take(request: QueueRequest): Reply | undefined;
  clear(): void;
  readonly size: number;
}

function fits(reply: Reply, request: QueueRequest): boolean {
  const match = reply.match;
  if (!request.generation && match?.path !== request.path) return false;
  if (match === undefined) return true;
  if (match.path !== undefined && match.path !== request.path) return false;
  if (match.model !== undefined && match.model !== request.model) return false;
  if (match.wire !== undefined && match.wire !== request.wire) return false;
  return true;
}

/** Creates an empty reply queue. */
export function createReplyQueue(): ReplyQueue {
  const replies: Reply[] = [];
  return {
    push(more) {
      for (const reply of more) replies.push(reply);
    },
    take(request) {
      // The queue is short in tests and empty in benchmarks, so a scan is the cheap choice.
      for (let index = 0; index < replies.length; index++) {
        const reply = replies[index] as Reply;
        if (fits(reply, request)) {
          replies.splice(index, 1);
          return reply;
        }
      }
      return undefined;
    },
    clear() {
      replies.length = 0;
    },
    get size() {
      return replies.length;
    },
  };
}
