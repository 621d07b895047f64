import type { FastifyReply } from 'fastify';
import { clientClosedError } from './request-error.js';

/**
 * An AbortSignal for one request's LLM call that aborts when the client's connection closes before the
 * response was complete (a client that left, or `close()` cutting a stream that outlived its drain time), so
 * the upstream generation stops too. The reason is a `RequestError` with status 499.
 */
export function abortOnClose(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const raw = reply.raw;
  // `close` on the response fires when it finished or when the socket went away first; only the latter aborts.
  raw.once('close', () => {
    if (!raw.writableFinished) controller.abort(clientClosedError());
  });
  return controller.signal;
}
