export type { LineDecoderOptions } from './decoders/create-line-decoder.js';
export type { RepeatedEnvelope, RepeatedEnvelopeOptions } from './decoders/create-repeated-envelope.js';
export { createRepeatedEnvelope } from './decoders/create-repeated-envelope.js';
export { parseJsonData } from './decoders/parse-json-data.js';
export { parseToolArguments } from './decoders/parse-tool-arguments.js';
export type { SseEvent } from './decoders/sse-event.js';
export type { InBandErrorInput } from './errors/classify-http-error.js';
export { classifyInBandError } from './errors/classify-http-error.js';
export { errorKindOfMessage } from './errors/error-patterns.js';
export type { ErrorBodyParser, ParsedErrorBody } from './errors/parse-error-body.js';
export { errorKindOfCode, parseErrorBody } from './errors/parse-error-body.js';
export type { ResponseHeaders } from './errors/response-headers.js';
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
