import type { Exchange } from './deliver/exchange.js';
import type { MockState } from './mock-state.js';
import { serializeRecordedRequest } from './recorded-request.js';
import type { Reply, TextReply } from './reply.js';
import type { EndpointKind } from './request/classify-endpoint.js';
import { assertReply } from './validate-reply.js';

function sendJson(exchange: Exchange, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  exchange.response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  exchange.response.end(body);
}

/** Replaces the default reply; shared by `setDefault()` and `POST /__mock/default`. */
export function setDefaultReply(state: MockState, reply: Partial<TextReply>): void {
  if (typeof reply !== 'object' || reply === null)
    throw new TypeError('mock-llm: the default reply must be an object');
  state.defaultReply = { ...reply, kind: 'text' };
}

/** Clears the queue and the recorded requests; shared by `reset()` and `POST /__mock/reset`. */
export function resetState(state: MockState): void {
  state.queue.clear();
  state.requests.length = 0;
}

/** Validates and queues replies; shared by `enqueue()` and `POST /__mock/enqueue`. Throws a `TypeError`. */
export function enqueueReplies(state: MockState, replies: readonly unknown[]): void {
  for (const reply of replies) assertReply(reply);
  state.queue.push(replies as readonly Reply[]);
}

/** Serves `/__mock/*`: the control surface of the standalone process. */
export function handleControl(state: MockState, kind: EndpointKind, body: unknown, exchange: Exchange): void {
  try {
    switch (kind) {
      case 'control-enqueue':
        enqueueReplies(state, Array.isArray(body) ? body : [body]);
        sendJson(exchange, 200, { queued: state.queue.size });
        return;
      case 'control-default':
        setDefaultReply(state, body as Partial<TextReply>);
        sendJson(exchange, 200, { ok: true });
        return;
      case 'control-requests':
        sendJson(exchange, 200, state.requests.map(serializeRecordedRequest));
        return;
      default:
        resetState(state);
        sendJson(exchange, 200, { ok: true });
    }
  } catch (error) {
    sendJson(exchange, 400, { error: { message: error instanceof Error ? error.message : String(error) } });
  }
}
