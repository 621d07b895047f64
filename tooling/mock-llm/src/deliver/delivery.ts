import type { OutgoingHttpHeaders } from 'node:http';
import type { MockState } from '../mock-state.js';
import { anthropicRenderer } from '../render/render-anthropic.js';
import { renderEndpointBody } from '../render/render-endpoint-body.js';
import { ollamaChatRenderer, ollamaGenerateRenderer } from '../render/render-ollama.js';
import { openAiRenderer } from '../render/render-openai.js';
import type { GenerationRenderer, RenderContext, RenderedBody } from '../render/rendered-response.js';
import { jsonBody } from '../render/rendered-response.js';
import { resolveTextReply } from '../render/resolve-text-reply.js';
import type { TextReply } from '../reply.js';
import type { Endpoint, EndpointKind } from '../request/classify-endpoint.js';
import type { RequestFacts } from '../request/inspect-request-body.js';
import type { Exchange } from './exchange.js';

/** Everything known about one request once its body has arrived, handed to whichever reply serves it. */
export interface Delivery {
  state: MockState;
  exchange: Exchange;
  endpoint: Endpoint;
  method: string;
  path: string;
  facts: RequestFacts;
  body: unknown;
  context: RenderContext;
  /** Effective latency of the reply being delivered, in ms. */
  beforeHeadersMs: number;
  betweenChunksMs: number;
}

/** The renderer of a generation endpoint, or `undefined` for the others. */
export function generationRendererFor(kind: EndpointKind): GenerationRenderer | undefined {
  switch (kind) {
    case 'openai-chat':
      return openAiRenderer;
    case 'anthropic-messages':
      return anthropicRenderer;
    case 'ollama-chat':
      return ollamaChatRenderer;
    case 'ollama-generate':
      return ollamaGenerateRenderer;
    default:
      return undefined;
  }
}

/** Response headers every mock answer carries, plus the reply's own. */
export function responseHeaders(
  contentType: string,
  delivery: Delivery,
  extra: Record<string, string> | undefined,
): OutgoingHttpHeaders {
  const requestId = `req_mock_${delivery.context.requestId}`;
  const headers: OutgoingHttpHeaders = { 'content-type': contentType, 'x-request-id': requestId };
  if (delivery.endpoint.wire === 'anthropic') headers['request-id'] = requestId;
  if (contentType === 'text/event-stream') headers['cache-control'] = 'no-cache';
  if (extra !== undefined) Object.assign(headers, extra);
  return headers;
}

/** What the endpoint answers when nothing special is scripted: a text reply, or the endpoint's own body. */
export interface NormalResponse {
  status: number;
  rendered: RenderedBody;
  extraHeaders: Record<string, string> | undefined;
}

/**
 * Renders `reply` the way the request's endpoint answers it; `stream` overrides the request's stream mode
 * (faults use it). Non-generation endpoints ignore the text reply and render their own body.
 */
export function renderNormalResponse(delivery: Delivery, reply: TextReply, stream?: boolean): NormalResponse {
  const renderer = generationRendererFor(delivery.endpoint.kind);
  if (renderer === undefined) {
    const { status, body } = renderEndpointBody({
      kind: delivery.endpoint.kind,
      method: delivery.method,
      path: delivery.path,
      body: delivery.body,
      modelLists: delivery.state.modelLists,
      fallbackModel: delivery.state.models[0] ?? 'mock-model',
    });
    return { status, rendered: jsonBody(body), extraHeaders: undefined };
  }
  const resolved = resolveTextReply(reply, delivery.facts, delivery.state.models[0] ?? 'mock-model');
  const rendered =
    (stream ?? delivery.facts.stream)
      ? renderer.renderStream(resolved, delivery.context)
      : renderer.renderJson(resolved, delivery.context);
  return { status: 200, rendered, extraHeaders: resolved.headers };
}
