import type { Dispatcher } from 'undici';

/** The default sockets per origin: more than any sane concurrency limit, so calls never queue in the pool. */
export const defaultConnections = 1024;

const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * The keep-alive dispatcher of one transport. With `HTTPS_PROXY` / `HTTP_PROXY` set, `EnvHttpProxyAgent`
 * routes through the proxy unless `NO_PROXY` matches; without them a plain `Agent` serves, which skips the
 * proxy agent's per-request origin parsing and `NO_PROXY` lookup (measured: a few µs of every call). Both
 * are read when the first request creates the dispatcher. undici's own headers and body timeouts (300 s)
 * are off: a local model may think for longer than that, and `timeoutMs` / `idleTimeoutMs` are the limits
 * the caller chose. undici is imported here, at the first request, because loading it costs about 75 ms
 * that an app importing a provider package should not pay before it sends anything.
 */
export async function createDispatcher(connections: number): Promise<Dispatcher> {
  const { Agent, EnvHttpProxyAgent } = await import('undici');
  const options = { connections, headersTimeout: 0, bodyTimeout: 0 };
  const proxied = proxyVariables.some((name) => (process.env[name] ?? '') !== '');
  return proxied ? new EnvHttpProxyAgent(options) : new Agent(options);
}
