import type { Socket } from 'node:net';
import type { RecordedRequest } from './recorded-request.js';
import type { ModelLists } from './render/render-model-lists.js';
import type { LatencyOptions, TextReply } from './reply.js';
import type { ReplyQueue } from './reply-queue.js';

/** The mutable state of one mock server, shared by its request handler and its public handle. */
export interface MockState {
  defaultReply: TextReply;
  /** Latency for replies that do not set their own. */
  latency: LatencyOptions | undefined;
  models: readonly string[];
  /** Model-list bodies, serialised once. */
  modelLists: ModelLists;
  queue: ReplyQueue;
  requests: RecordedRequest[];
  maxRecordedRequests: number;
  nextRequestId: number;
  /** The number of each open connection, given on accept (see `RecordedRequest.connection`). */
  connectionIds: WeakMap<Socket, number>;
  nextConnectionId: number;
  /** Fixture bytes by format and path, read once per server. */
  fixtures: Map<string, Promise<LoadedFixture>>;
}

/** A fixture file turned into response bytes. */
export interface LoadedFixture {
  bytes: Buffer;
  contentType: string;
  status: number;
}

/** Appends a record, dropping the oldest in batches once past the cap (a long benchmark must not grow forever). */
export function rememberRequest(state: MockState, record: RecordedRequest): void {
  state.requests.push(record);
  if (state.requests.length > state.maxRecordedRequests * 2) {
    state.requests.splice(0, state.requests.length - state.maxRecordedRequests);
  }
}
