import type { EmbedRequest, ProviderRequest } from '@core/types';
import type { StreamRequestOptions } from './transport-types.js';

/**
 * The per-call transport settings of a normalised request (headers, signal, timeouts, model for errors),
 * so every adapter passes them the same way: `transport.streamSse({ path, body, ...transportOptionsFor(request) })`.
 */
export function transportOptionsFor(
  request: ProviderRequest | EmbedRequest,
): Pick<StreamRequestOptions, 'headers' | 'signal' | 'timeoutMs' | 'model'> {
  return {
    headers: request.headers as Record<string, string> | undefined,
    signal: request.signal,
    timeoutMs: request.timeoutMs,
    model: request.model,
  };
}
