import type { Dispatcher } from 'undici';

/** The default sockets per origin: more than any sane concurrency limit, so calls never queue in the pool. */
export const defaultConnections = 1024;

/**
 * The keep-alive dispatcher of one transport. `EnvHttpProxyAgent` routes through `HTTPS_PROXY` / `HTTP_PROXY`
 * unless `NO_PROXY` matches, read when the first request creates it. undici's own headers and body
 * timeouts (300 s) are off: a local model may think for longer than that, and `timeoutMs` / `idleTimeoutMs`
 * are the limits the caller chose. undici is imported here, at the first request, because loading it costs
 * about 75 ms that an app importing a provider package should not pay before it sends anything.
 */
export async function createDispatcher(connections: number): Promise<Dispatcher> {
  const { EnvHttpProxyAgent } = await import('undici');
  return new EnvHttpProxyAgent({ connections, headersTimeout: 0, bodyTimeout: 0 });
}
