import type { IncomingHttpHeaders } from 'node:http';
import type { RequestWire, Wire } from '../reply.js';

/** What a request asks for, decided once from its method and path. */
export type EndpointKind =
  | 'openai-chat'
  | 'openai-models'
  | 'openai-embeddings'
  | 'anthropic-messages'
  | 'anthropic-models'
  | 'ollama-chat'
  | 'ollama-generate'
  | 'ollama-tags'
  | 'ollama-embed'
  | 'ollama-version'
  | 'control-enqueue'
  | 'control-default'
  | 'control-requests'
  | 'control-reset'
  | 'not-found';

/** An endpoint and the wire it speaks. */
export interface Endpoint {
  kind: EndpointKind;
  wire: RequestWire;
  /** Generation endpoints take any queued reply that fits; the others only one whose `match.path` names them. */
  generation: boolean;
}

function endpoint(kind: EndpointKind, wire: RequestWire, generation = false): Endpoint {
  return { kind, wire, generation };
}

const notFound = endpoint('not-found', 'other');
const anthropicModels = endpoint('anthropic-models', 'anthropic');

// One map lookup per request instead of a chain of regexes; OpenAI paths are also accepted without `/v1`
// because OpenAI-compatible servers are configured with base URLs either way.
const routes = new Map<string, Endpoint>([
  ['POST /v1/chat/completions', endpoint('openai-chat', 'openai', true)],
  ['POST /chat/completions', endpoint('openai-chat', 'openai', true)],
  ['GET /v1/models', endpoint('openai-models', 'openai')],
  ['GET /models', endpoint('openai-models', 'openai')],
  ['POST /v1/embeddings', endpoint('openai-embeddings', 'openai')],
  ['POST /embeddings', endpoint('openai-embeddings', 'openai')],
  ['POST /v1/messages', endpoint('anthropic-messages', 'anthropic', true)],
  ['POST /api/chat', endpoint('ollama-chat', 'ollama', true)],
  ['POST /api/generate', endpoint('ollama-generate', 'ollama', true)],
  ['GET /api/tags', endpoint('ollama-tags', 'ollama')],
  ['POST /api/embed', endpoint('ollama-embed', 'ollama')],
  ['GET /api/version', endpoint('ollama-version', 'ollama')],
  ['POST /__mock/enqueue', endpoint('control-enqueue', 'other')],
  ['POST /__mock/default', endpoint('control-default', 'other')],
  ['GET /__mock/requests', endpoint('control-requests', 'other')],
  ['POST /__mock/reset', endpoint('control-reset', 'other')],
]);

/** The endpoint a request targets; `GET /v1/models` is Anthropic's when the request carries `anthropic-version`. */
export function classifyEndpoint(method: string, path: string, headers: IncomingHttpHeaders): Endpoint {
  const found = routes.get(`${method} ${path}`);
  if (found === undefined) return notFound;
  if (found.kind === 'openai-models' && headers['anthropic-version'] !== undefined) return anthropicModels;
  return found;
}

/** Whether an endpoint kind is one of the `/__mock/*` control routes (never recorded). */
export function isControlEndpoint(kind: EndpointKind): boolean {
  return kind.startsWith('control-');
}

/** Narrows a request wire to a real wire, for rendering. */
export function renderWireOf(wire: RequestWire): Wire {
  return wire === 'other' ? 'openai' : wire;
}
