import { AbstractCoreError, ProviderAPIError, ProviderConnectionError } from '@core/types';

/** Where a transport failure happened, for `toTransportError`. */
export interface TransportErrorContext {
  provider: string;
  model?: string;
  /** The signal (or request abort) the request ran under: once it has aborted, its reason is the outcome. */
  signal?: { readonly aborted: boolean; readonly reason: unknown };
}

// undici codes that are mistakes in how a request was built or limits we set, not the network failing.
const nonNetworkUndiciCodes = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
]);

// Node's system and TLS error codes for a connection that could not be made or did not last.
const networkCodePattern =
  /^(?:E(?:CONNRESET|CONNREFUSED|CONNABORTED|PIPE|TIMEDOUT|NOTFOUND|AI_AGAIN|AI_FAIL|HOSTUNREACH|HOSTDOWN|NETUNREACH|NETDOWN|NETRESET|ADDRNOTAVAIL|PROTO)|ERR_TLS_\w+|ERR_SSL_\w+|ERR_STREAM_PREMATURE_CLOSE|ERR_SOCKET_\w+|HPE_\w+|\w*CERT\w*|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_\w+)$/;

function readCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

// The network code of an error or of its causes (an undici error may wrap the socket's).
function findNetworkCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = readCode(current);
    if (code !== undefined) {
      if (code.startsWith('UND_ERR_') ? !nonNetworkUndiciCodes.has(code) : networkCodePattern.test(code)) {
        return code;
      }
    }
    current = current.cause;
  }
  return undefined;
}

/**
 * Turns whatever a request or a body read threw into what the caller should see: once `signal` has aborted,
 * its `reason`, untouched (as `fetch` does; a timeout is our own `TimeoutError` reason); an abstractcore
 * error as it is; a network failure (refused, reset, DNS, TLS, a socket closed mid-body) as a retryable
 * `ProviderConnectionError` with the original as `cause`; anything else as a `ProviderAPIError` that is not
 * retryable, also with its `cause`. Returns the value to throw; never throws.
 */
export function toTransportError(error: unknown, context: TransportErrorContext): unknown {
  if (context.signal?.aborted) return context.signal.reason;
  if (AbstractCoreError.isInstance(error)) return error;
  const { provider, model } = context;
  const detail = error instanceof Error ? error.message : String(error);
  const code = findNetworkCode(error);
  if (code !== undefined) {
    return new ProviderConnectionError({
      message: `The connection to ${provider} failed (${code}): ${detail}`,
      provider,
      model,
      code,
      cause: error,
    });
  }
  return new ProviderAPIError({
    message: `The request to ${provider} failed: ${detail}`,
    provider,
    model,
    retryable: false,
    cause: error,
  });
}
