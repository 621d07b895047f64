export type { ConformanceTarget, FixtureCase, FixtureExpectation } from './conformance-target.js';
export { describeConformance } from './describe-conformance.js';
export { loadOpenApiComponents } from './load-openapi-components.js';
export { readChunkPayloads, readNdjsonPayloads, readSsePayloads } from './read-recorded-payloads.js';
export type { WireRequestView } from './read-wire-request.js';
export { readWireRequest } from './read-wire-request.js';
export { collectStream, readProviderStream } from './suite-context.js';
export { validateRequestBody } from './validate-request-body.js';
