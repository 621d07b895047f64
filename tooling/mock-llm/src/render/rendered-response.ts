import type { ResolvedTextReply } from './resolve-text-reply.js';

/** A streamed body as wire frames, with enough structure for faults to cut it. */
export interface StreamFrames {
  stream: true;
  contentType: string;
  /** Every SSE event or NDJSON line in order, the terminator included. */
  frames: string[];
  /** Indexes of the frames that carry content (text, reasoning or tool-call deltas). */
  contentIndexes: number[];
  /** Index of the first frame of the finish signal (finish_reason chunk, message_delta, done:true line). */
  finishIndex: number;
}

/** A whole JSON body. */
export interface JsonBody {
  stream: false;
  contentType: string;
  body: string;
}

/** A rendered body: streamed or whole. */
export type RenderedBody = StreamFrames | JsonBody;

/** Per-request values every renderer uses. */
export interface RenderContext {
  requestId: number;
  /** `Date.now()` of the request; each wire formats it its own way. */
  createdMs: number;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
}

/** One generation endpoint's wire: the success shapes plus the in-band error and malformed forms. */
export interface GenerationRenderer {
  renderJson(reply: ResolvedTextReply, context: RenderContext): JsonBody;
  renderStream(reply: ResolvedTextReply, context: RenderContext): StreamFrames;
  /** An in-band error frame for a stream. */
  renderErrorFrame(message: string, code: string | undefined): string;
  /** The in-band error body of a non-streamed response. */
  renderErrorJson(message: string, code: string | undefined): string;
  /** One stream frame whose payload is not valid JSON. */
  renderMalformedFrame(context: RenderContext): string;
}

/** Wraps a JSON text as a body. */
export function jsonBody(body: string): JsonBody {
  return { stream: false, contentType: 'application/json', body };
}
