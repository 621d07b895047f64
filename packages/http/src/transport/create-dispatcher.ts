import type { Dispatcher } from 'undici';
import { createSocketReuse, type SocketReuse, sendAtOnce } from './socket-reuse.js';

/** The default sockets per origin: more than any sane concurrency limit, so calls never queue in the pool. */
export const defaultConnections = 1024;

const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** undici's `request` (the function behind `dispatcher.request`), called with a dispatcher as `this`. */
export type RequestFunction = (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;

/** The connection pool of one transport and the function that sends a request through it. */
export interface TransportDispatcher {
  dispatcher: Dispatcher;
  request: RequestFunction;
  /** Requests go through a proxy agent, which adds to a request's headers (its `host`). */
  proxied: boolean;
  /** When a request may go out so that it reuses a socket (see `createSocketReuse`). */
  reuse: SocketReuse;
}

// undici's index loads everything it ships (fetch, WebSocket, caches, mocks): about 130 ms on this machine,
// against about 50 ms for the agent and the request API alone, and a provider's first call pays it. The two
// files are loaded directly (undici has no exports map, so its paths are public); if a later undici moves
// them, the index is the fallback, slower to load and otherwise the same.
async function loadAgent(): Promise<{ Agent: typeof import('undici').Agent; request: RequestFunction }> {
  try {
    const [agent, api] = await Promise.all([
      import('undici/lib/dispatcher/agent.js'),
      import('undici/lib/api/api-request.js'),
    ]);
    return { Agent: agent.default, request: api.default };
  } catch {
    const undici = await import('undici');
    return { Agent: undici.Agent, request: undici.Dispatcher.prototype.request as RequestFunction };
  }
}

/**
 * The keep-alive dispatcher of one transport. With `HTTPS_PROXY` / `HTTP_PROXY` set, `EnvHttpProxyAgent`
 * routes through the proxy unless `NO_PROXY` matches; without them a plain `Agent` serves, which skips the
 * proxy agent's per-request origin parsing and `NO_PROXY` lookup (measured: a few µs of every call). Both
 * are read when the first request creates the dispatcher. (A `Pool` for the one origin measured no faster
 * than the agent, and keeps an idle socket open after an aborted stream, which the agent closes.)
 * undici's own headers and body timeouts (300 s) are off: a local model may think for longer than that,
 * and `timeoutMs` is the limit the caller chose. undici is imported here, at the first request, so an app
 * that imports a provider package pays nothing before it sends anything.
 */
export async function createDispatcher(connections: number): Promise<TransportDispatcher> {
  const options = { connections, headersTimeout: 0, bodyTimeout: 0 };
  if (proxyVariables.some((name) => (process.env[name] ?? '') !== '')) {
    const undici = await import('undici');
    return {
      dispatcher: new undici.EnvHttpProxyAgent(options),
      request: undici.Dispatcher.prototype.request as RequestFunction,
      proxied: true,
      // The proxy's sockets carry every origin's requests: they are not this transport's to count.
      reuse: sendAtOnce,
    };
  }
  const { Agent, request } = await loadAgent();
  const dispatcher = new Agent(options);
  return { dispatcher, request, proxied: false, reuse: createSocketReuse(dispatcher) };
}
