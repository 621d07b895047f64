import type { IncomingHttpHeaders } from 'node:http';
import type { RequestWire } from './reply.js';

/** How a request's exchange ended: the response was delivered, or the client's socket closed first. */
export type RequestOutcome = 'completed' | 'client-closed';

/** One request the mock received, in arrival order. */
export interface RecordedRequest {
  /** 1-based, increasing for the life of the server (a `reset()` does not restart it). */
  id: number;
  method: string;
  /** The path without its query string. */
  path: string;
  /** The request target as sent, query string included. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw text when it is not JSON, or `undefined` for an empty body. */
  body: unknown;
  wire: RequestWire;
  /** Whether the request asked for a streamed response (Ollama streams unless `stream: false`). */
  stream: boolean;
  /**
   * Which TCP connection carried it: 1-based, numbered in the order connections were accepted, so a test
   * can count the sockets a client used (a keep-alive pool reuses one number for many requests).
   */
  connection: number;
  /** `Date.now()` when the body had arrived. */
  receivedAt: number;
  /**
   * Resolves once the exchange is over: `completed` when the scripted response was delivered (a scripted
   * reset included), `client-closed` when the client's socket closed before that (or `close()` cut a hang).
   */
  outcome: Promise<RequestOutcome>;
  /** `true` as soon as `outcome` is known to be `client-closed`. */
  closedEarly: boolean;
}

/** A recorded request and the one function that settles its outcome (later calls are ignored). */
export interface RecordedRequestHandle {
  record: RecordedRequest;
  settle(outcome: RequestOutcome): void;
}

/** Builds a record whose `outcome` is settled by the exchange that serves it. */
export function createRecordedRequest(
  fields: Omit<RecordedRequest, 'outcome' | 'closedEarly'>,
): RecordedRequestHandle {
  let resolveOutcome: (outcome: RequestOutcome) => void = () => {};
  const outcome = new Promise<RequestOutcome>((resolve) => {
    resolveOutcome = resolve;
  });
  const record: RecordedRequest = { ...fields, outcome, closedEarly: false };
  let settled = false;
  return {
    record,
    settle(result) {
      if (settled) return;
      settled = true;
      if (result === 'client-closed') record.closedEarly = true;
      resolveOutcome(result);
    },
  };
}

/** The JSON view of a record for `GET /__mock/requests` (a promise does not serialise). */
export function serializeRecordedRequest(record: RecordedRequest): Record<string, unknown> {
  return {
    id: record.id,
    method: record.method,
    path: record.path,
    url: record.url,
    headers: record.headers,
    body: record.body,
    wire: record.wire,
    stream: record.stream,
    receivedAt: record.receivedAt,
    closedEarly: record.closedEarly,
  };
}
