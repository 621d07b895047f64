import { type Otel, otelApi } from '@core/session/otel';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { type RequestSpan, startRequestSpan } from '../request-span.js';
import { shareWithParent } from './share-with-parent.js';

/** Options of the tracing plugin. */
export interface TracingPluginOptions {
  /** Routes, as declared (`/health`), whose requests get no span. */
  untracedRoutes: readonly string[];
}

const spans = new WeakMap<FastifyRequest, RequestSpan>();

/**
 * A SERVER span per request (`request-span.ts`) while an OpenTelemetry SDK is registered, decided per request
 * by `@core/session/otel`, the rule the LLM calls follow: an SDK registered after `createServer` is seen, and
 * without one a request costs a property lookup. The route's work runs in the span's context, so the `chat`
 * span of its LLM call is a child, and that call's `traceparent` carries the trace on to the provider.
 * Register it before every other plugin, so that its hook sees requests the others answer early (a 401, a
 * CORS preflight).
 */
export const tracingPlugin: FastifyPluginCallback<TracingPluginOptions> = shareWithParent(
  (app, { untracedRoutes }, done) => {
    const untraced = new Set(untracedRoutes);
    // Starts importing the API now when an SDK is already registered, rather than on the first request.
    void otelApi();

    const start = (otel: Otel, request: FastifyRequest, reply: FastifyReply): void => {
      const route = request.routeOptions.url;
      if (route !== undefined && untraced.has(route)) return;
      spans.set(request, startRequestSpan(otel, request, reply, route));
    };

    app.addHook('onRequest', (request, reply, next) => {
      const otel = otelApi();
      if (otel === undefined) {
        next();
      } else if (otel instanceof Promise) {
        // Only while the API is imported, on the first traced request: later ones find it loaded.
        otel.then((loaded) => {
          // A client that left meanwhile has had its `close`: a span started now would never end.
          if (loaded !== undefined && !reply.raw.destroyed) start(loaded, request, reply);
          next();
        });
      } else {
        start(otel, request, reply);
        next();
      }
    });

    // The context is entered as late as possible: from here Fastify goes to the handler synchronously, or through
    // later `preHandler`s that are async (the auth plugin's), whose promises keep the context. So the handler and
    // all it awaits (the LLM call, a stream relayed to its end) run in the span whatever the hooks before did.
    // Entered in `onRequest`, it would reach the handler only if every hop in between carried it: Fastify's body
    // parser does (an AsyncResource around its `done`), but a callback-style hook that calls `done` from an event
    // of its own would drop it. The earlier hooks make no spans that would want the parent; wrapping each route's
    // LLM call instead would make every route, present and future, remember to.
    app.addHook('preHandler', (request, _reply, next) => {
      const span = spans.get(request);
      if (span === undefined) next();
      else span.enter(next);
    });

    // `onError` runs before the error handler decides the status: the span keeps the error, and records it
    // if the answer turns out a 5xx.
    app.addHook('onError', (request, _reply, error, next) => {
      spans.get(request)?.failed(error);
      next();
    });
    done();
  },
);
