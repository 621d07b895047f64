export type { RecordedRequest, RequestOutcome } from './recorded-request.js';
export { mockResponseId } from './render/mock-response-id.js';
export { embedText } from './render/render-embeddings.js';
export type {
  ErrorEventReply,
  FaultReply,
  FixtureFormat,
  FixtureReply,
  HangReply,
  LatencyOptions,
  MalformedJsonReply,
  Match,
  RawReply,
  Reply,
  ReplyFinishReason,
  ReplyToolCall,
  ReplyUsage,
  RequestWire,
  ResetBeforeHeadersReply,
  ResetMidStreamReply,
  SplitUtf8Reply,
  StatusReply,
  TextReply,
  TruncatedReply,
  Wire,
} from './reply.js';
export type { MockLlm, MockLlmOptions } from './start-mock-llm.js';
export { startMockLlm } from './start-mock-llm.js';
