import type { EndpointKind } from '../request/classify-endpoint.js';
import { renderOllamaEmbeddings, renderOpenAiEmbeddings } from './render-embeddings.js';
import type { ModelLists } from './render-model-lists.js';
import { renderNotFound } from './render-status-error.js';

/** What a non-generation endpoint needs to answer. */
export interface EndpointInput {
  kind: EndpointKind;
  method: string;
  path: string;
  body: unknown;
  modelLists: ModelLists;
  fallbackModel: string;
}

/** The body of a non-generation endpoint (model lists, embeddings, version) or the 404 for an unknown path. */
export function renderEndpointBody(input: EndpointInput): { status: number; body: string } {
  switch (input.kind) {
    case 'openai-models':
      return { status: 200, body: input.modelLists.openai };
    case 'anthropic-models':
      return { status: 200, body: input.modelLists.anthropic };
    case 'ollama-tags':
      return { status: 200, body: input.modelLists.ollama };
    case 'openai-embeddings':
      return { status: 200, body: renderOpenAiEmbeddings(input.body, input.fallbackModel) };
    case 'ollama-embed':
      return { status: 200, body: renderOllamaEmbeddings(input.body, input.fallbackModel) };
    case 'ollama-version':
      return { status: 200, body: '{"version":"0.0.0-mock"}' };
    default:
      return { status: 404, body: renderNotFound(input.method, input.path) };
  }
}
