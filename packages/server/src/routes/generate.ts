import type { FastifyPluginAsync } from 'fastify';
import { abortOnClose } from '../abort-on-close.js';
import { toRoutedCall } from '../call-options.js';
import { rethrowOptionError } from '../request-error.js';
import type { ResolveLlm } from '../resolve-llm.js';
import { type GenerateBody, type GenerateReply, generateRouteSchema } from '../schemas/generate.js';

/** Options of the `/generate` route plugin. */
export interface GenerateRoutesOptions {
  /** Finds the LLM for the request's `model` (`resolve-llm.ts`). */
  resolveLlm: ResolveLlm;
}

/** `POST /generate`: `{ prompt, ...options }` → `{ response, model, finishReason, usage, toolCalls? }`. */
export const generateRoutes: FastifyPluginAsync<GenerateRoutesOptions> = async (app, { resolveLlm }) => {
  app.post<{ Body: GenerateBody; Reply: GenerateReply }>(
    '/generate',
    { schema: generateRouteSchema },
    async (request, reply) => {
      const signal = abortOnClose(reply);
      const { llm, options } = toRoutedCall(request.body, signal, resolveLlm);
      const response = await llm
        .agenerate(request.body.prompt, { ...options, stream: false })
        .catch(rethrowOptionError);
      return {
        response: response.content,
        model: response.model,
        finishReason: response.finishReason,
        usage: response.usage,
        ...(response.toolCalls.length > 0 ? { toolCalls: response.toolCalls } : {}),
        ...(response.reasoning === undefined ? {} : { reasoning: response.reasoning }),
      };
    },
  );
};
