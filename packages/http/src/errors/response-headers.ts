/** Response headers as undici gives them: lower-case names, repeated headers as arrays. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** The first value of a header, by its lower-case name; `undefined` when absent. */
export function readHeader(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The provider's request id from `x-request-id` (OpenAI and most) or `request-id` (Anthropic). */
export function readRequestId(headers: ResponseHeaders): string | undefined {
  return readHeader(headers, 'x-request-id') ?? readHeader(headers, 'request-id');
}
