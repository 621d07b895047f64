export type { LineDecoderOptions } from './decoders/create-line-decoder.js';
export { parseJsonData } from './decoders/parse-json-data.js';
export { parseToolArguments } from './decoders/parse-tool-arguments.js';
export type { SseEvent } from './decoders/sse-event.js';
export type { HttpErrorInput, InBandErrorInput } from './errors/classify-http-error.js';
export { classifyHttpError, classifyInBandError } from './errors/classify-http-error.js';
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
// Where adapters meet them; they live in @core/types so a provider without HTTP (`@local/onnx`) shares them.
export { settleWarnings, unsupportedOption } from '@core/types';
