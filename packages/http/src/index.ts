export type { LineDecoder, LineDecoderOptions, LineVisitor } from './decoders/create-line-decoder.js';
export { createLineDecoder } from './decoders/create-line-decoder.js';
export type { SseDecoder } from './decoders/create-sse-decoder.js';
export { createSseDecoder } from './decoders/create-sse-decoder.js';
export type { NdjsonDecoder, NdjsonDecoderOptions } from './decoders/decode-ndjson.js';
export { createNdjsonDecoder, decodeNdjson } from './decoders/decode-ndjson.js';
export { decodeSse } from './decoders/decode-sse.js';
export { parseJsonData } from './decoders/parse-json-data.js';
export { parseToolArguments } from './decoders/parse-tool-arguments.js';
export type { SseEvent } from './decoders/sse-event.js';
export type { HttpErrorInput, InBandErrorInput } from './errors/classify-http-error.js';
export { classifyHttpError, classifyInBandError } from './errors/classify-http-error.js';
export { errorKindOfMessage } from './errors/error-patterns.js';
export type { ErrorBodyParser, ParsedErrorBody } from './errors/parse-error-body.js';
export { errorKindOfCode, parseErrorBody } from './errors/parse-error-body.js';
export { parseRetryAfter } from './errors/parse-retry-after.js';
export type { ResponseHeaders } from './errors/response-headers.js';
export type { TransportErrorContext } from './errors/to-transport-error.js';
export { toTransportError } from './errors/to-transport-error.js';
export type { UnexpectedBodyInput } from './errors/unexpected-body-error.js';
export { unexpectedBodyError } from './errors/unexpected-body-error.js';
export { createTransport } from './transport/create-transport.js';
export { transportOptionsFor } from './transport/transport-options-for.js';
export type {
  EventStream,
  JsonResponse,
  RequestOptions,
  StreamMapper,
  StreamRequestOptions,
  Transport,
  TransportOptions,
} from './transport/transport-types.js';
export { settleWarnings, unsupportedOption } from './warnings/settle-warnings.js';
