import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleControl } from './control-routes.js';
import { deliverReply } from './deliver/deliver-reply.js';
import { createExchange } from './deliver/exchange.js';
import type { MockState } from './mock-state.js';
import { rememberRequest } from './mock-state.js';
import { createRecordedRequest } from './recorded-request.js';
import { classifyEndpoint, isControlEndpoint } from './request/classify-endpoint.js';
import { inspectRequestBody } from './request/inspect-request-body.js';
import { parseRequestBody, readRequestBody } from './request/read-request-body.js';

/** Serves one HTTP request: read the body, record it, take the fitting reply, deliver it. */
export function handleRequest(state: MockState, request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const method = request.method ?? 'GET';
  const endpoint = classifyEndpoint(method, path, request.headers);
  void readRequestBody(request).then((bytes) => {
    if (bytes === undefined) return;
    const body = parseRequestBody(bytes);
    if (isControlEndpoint(endpoint.kind)) {
      handleControl(state, endpoint.kind, body, createExchange(request, response, undefined));
      return;
    }
    const facts = inspectRequestBody(endpoint.kind, body);
    const id = ++state.nextRequestId;
    const createdMs = Date.now();
    const recorded = createRecordedRequest({
      id,
      method,
      path,
      url,
      headers: request.headers,
      body,
      wire: endpoint.wire,
      stream: facts.stream,
      connection: state.connectionIds.get(request.socket) ?? 0,
      receivedAt: createdMs,
    });
    rememberRequest(state, recorded.record);
    const exchange = createExchange(request, response, recorded);
    const reply = state.queue.take({
      path,
      model: facts.model,
      wire: endpoint.wire,
      generation: endpoint.generation,
    });
    const latency = (reply === undefined ? state.defaultReply.latency : reply.latency) ?? state.latency;
    deliverReply(
      {
        state,
        exchange,
        endpoint,
        method,
        path,
        facts,
        body,
        context: { requestId: id, createdMs, includeUsage: facts.includeUsage },
        beforeHeadersMs: latency?.beforeHeadersMs ?? 0,
        betweenChunksMs: latency?.betweenChunksMs ?? 0,
      },
      reply,
    );
  });
}
