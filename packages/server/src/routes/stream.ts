import type { GenerateChunk } from '@core/types';
import type { FastifyPluginAsync } from 'fastify';
import { abortOnClose } from '../abort-on-close.js';
import { toRoutedCall } from '../call-options.js';
import { toErrorReply } from '../error-handler.js';
import { rethrowOptionError } from '../request-error.js';
import type { ResolveLlm } from '../resolve-llm.js';
import type { GenerateBody } from '../schemas/generate.js';
import { streamRouteSchema } from '../schemas/stream.js';
import { eventSerializer, startSse } from '../write-sse.js';

/** Options of the `/stream` route plugin. */
export interface StreamRoutesOptions {
  /** Finds the LLM for the request's `model` (`resolve-llm.ts`). */
  resolveLlm: ResolveLlm;
}

/**
 * `POST /stream`: the body of `/generate`, answered with server-sent events whose data are JSON chunks
 * (`{ content, reasoning?, toolCalls?, finishReason?, usage? }`, the last with `finishReason` and `usage`),
 * then `data: [DONE]`. A failure before the first chunk is an ordinary HTTP error; one after it is an
 * in-band `data: {"error":{...}}` event, after which the stream ends without `[DONE]`.
 */
export const streamRoutes: FastifyPluginAsync<StreamRoutesOptions> = async (app, { resolveLlm }) => {
  app.post<{ Body: GenerateBody }>('/stream', { schema: streamRouteSchema }, async (request, reply) => {
    const signal = abortOnClose(reply);
    const { llm, options } = toRoutedCall(request.body, signal, resolveLlm);
    const stream = await llm
      .agenerate(request.body.prompt, { ...options, stream: true })
      .catch(rethrowOptionError);
    const serialize = eventSerializer<GenerateChunk>(reply);
    const sse = startSse(reply);
    try {
      for await (const chunk of stream) {
        const pending = sse.send(serialize(chunk));
        if (pending !== undefined) await pending;
      }
      sse.sendDone();
    } catch (error) {
      if (!signal.aborted) sse.sendError(toErrorReply(error).body);
    } finally {
      sse.end();
    }
  });
};
