import type { Otel } from '@core/session/otel';
import type { Attributes, Span } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

const tracerName = '@core/server';

// The methods the HTTP conventions know (docs/http/http-spans.md, `http.request.method`); any other is
// recorded as `_OTHER` with its own value beside it, so a client cannot mint span names.
const knownMethods = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);

/** `error.type` of a span whose connection closed before its response was complete, as the abort reason says. */
const clientClosed = 'client_closed';

function startAttributes(request: FastifyRequest, method: string, route: string | undefined): Attributes {
  const scheme = request.protocol;
  const { url } = request.raw;
  const query = url === undefined ? -1 : url.indexOf('?');
  // The query is left out: a key put there by mistake must not reach a span.
  const attributes: Attributes = {
    'http.request.method': method,
    'url.path': url === undefined ? '/' : query === -1 ? url : url.slice(0, query),
    'url.scheme': scheme,
    'network.protocol.version': request.raw.httpVersion,
    'client.address': request.ip,
  };
  if (method === '_OTHER') attributes['http.request.method_original'] = request.method;
  if (route !== undefined) attributes['http.route'] = route;
  // Where the client addressed the request (its Host header), as the conventions ask of a server span.
  const hostname = request.hostname;
  if (hostname !== '') {
    attributes['server.address'] = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    attributes['server.port'] = request.port ?? (scheme === 'https' ? 443 : 80);
  }
  const userAgent = request.raw.headers['user-agent'];
  if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  return attributes;
}

function endSpan(otel: Otel, span: Span, reply: FastifyReply, error: Error | undefined): void {
  const raw = reply.raw;
  const status = raw.headersSent ? raw.statusCode : undefined;
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  if (status !== undefined && status >= 500) {
    // Only a 5xx is the server's failure; a 4xx is the client's and leaves the status unset (the conventions' rule).
    span.setAttribute('error.type', String(status));
    span.setStatus({ code: otel.SpanStatusCode.ERROR });
    if (error !== undefined) span.recordException(error);
  } else if (!raw.writableFinished) {
    // `close` also fires for a response that never completed: the client left (mid-stream, or before its
    // answer), or `close()` cut a stream past its drain time. The conventions count a response that could not
    // be sent whole as an error whatever its status; `error.type` says why, so a dashboard can leave these out.
    span.setAttribute('error.type', clientClosed);
    span.setStatus({
      code: otel.SpanStatusCode.ERROR,
      message: 'The connection closed before the response was complete',
    });
  }
  span.end();
}

/** One request's SERVER span. */
export interface RequestSpan {
  /** Calls `callback` in the span's context: what it starts, and what that awaits, are the span's children. */
  enter(callback: () => void): void;
  /** Keeps the error the request failed with; when its answer is a 5xx, the span records it as an exception. */
  failed(error: Error): void;
}

/**
 * Starts the SERVER span of one request, `{method} {route}` (`POST /v1/chat/completions`; the method alone where
 * no route matched), with the HTTP conventions' attributes, continuing the trace of an incoming `traceparent`.
 * The parent comes from the request's headers on the root context, never from what the process had active: a
 * request is where a trace enters the process (OpenTelemetry's own HTTP instrumentation does the same). The
 * span ends when the response closes, complete or not. It reads no other header (`Authorization` and
 * `x-api-key` never reach it) and no body.
 */
export function startRequestSpan(
  otel: Otel,
  request: FastifyRequest,
  reply: FastifyReply,
  route: string | undefined,
): RequestSpan {
  const method = knownMethods.has(request.method) ? request.method : '_OTHER';
  const name = method === '_OTHER' ? 'HTTP' : method;
  const parent = otel.propagation.extract(otel.ROOT_CONTEXT, request.raw.headers);
  const span = otel.trace
    .getTracer(tracerName)
    .startSpan(
      route === undefined ? name : `${name} ${route}`,
      { kind: otel.SpanKind.SERVER, attributes: startAttributes(request, method, route) },
      parent,
    );
  const context = otel.trace.setSpan(parent, span);
  let failure: Error | undefined;
  reply.raw.once('close', () => endSpan(otel, span, reply, failure));
  return {
    enter: (callback) => otel.context.with(context, callback),
    failed: (error) => {
      failure = error;
    },
  };
}
