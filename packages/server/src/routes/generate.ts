import type { LLM } from '@core/types';
import type { FastifyPluginAsync } from 'fastify';
import { abortOnClose } from '../abort-on-close.js';
import { toCallOptions } from '../call-options.js';
import { rethrowOptionError } from '../request-error.js';
import { type GenerateBody, type GenerateReply, generateRouteSchema } from '../schemas/generate.js';

/** Options of the `/generate` route plugin. */
export interface GenerateRoutesOptions {
  llm: LLM;
}

/** `POST /generate`: `{ prompt, ...options }` → `{ response, model, finishReason, usage, toolCalls? }`. */
export const generateRoutes: FastifyPluginAsync<GenerateRoutesOptions> = async (app, { llm }) => {
  app.post<{ Body: GenerateBody; Reply: GenerateReply }>(
    '/generate',
    { schema: generateRouteSchema },
    async (request, reply) => {
      const signal = abortOnClose(reply);
      const response = await llm
        .agenerate(request.body.prompt, { ...toCallOptions(request.body, signal), stream: false })
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
