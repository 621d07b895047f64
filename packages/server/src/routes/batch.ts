import type { FastifyPluginAsync } from 'fastify';
import { abortOnClose } from '../abort-on-close.js';
import { toRoutedCall } from '../call-options.js';
import { toErrorReply } from '../error-handler.js';
import { rethrowOptionError } from '../request-error.js';
import type { ResolveLlm } from '../resolve-llm.js';
import { type BatchBody, type BatchReply, batchRouteSchema } from '../schemas/batch.js';

/** Options of the `/batch` route plugin. */
export interface BatchRoutesOptions {
  /** Finds the LLM for the request's `model` (`resolve-llm.ts`). */
  resolveLlm: ResolveLlm;
  /** The most prompts one request may carry. */
  maxBatchSize: number;
}

/**
 * `POST /batch`: `{ prompts, ...options }` → `{ responses }`, one entry per prompt in order: its text, or
 * `{ error }` for a prompt that failed (the batch itself still succeeds). The prompts run at once; the LLM's
 * own `maxConcurrency` and `rateLimit` decide how many reach the provider together.
 */
export const batchRoutes: FastifyPluginAsync<BatchRoutesOptions> = async (
  app,
  { resolveLlm, maxBatchSize },
) => {
  app.post<{ Body: BatchBody; Reply: BatchReply }>(
    '/batch',
    { schema: batchRouteSchema(maxBatchSize) },
    async (request, reply) => {
      const signal = abortOnClose(reply);
      const { prompts, ...shared } = request.body;
      const routed = toRoutedCall(shared, signal, resolveLlm);
      const { llm } = routed;
      const options = { ...routed.options, stream: false as const };
      const settled = await Promise.allSettled(
        prompts.map((prompt) => llm.agenerate(prompt, options).catch(rethrowOptionError)),
      );
      // A client that left gets nothing; its abort reason goes to the error handler like any other request's.
      if (signal.aborted) throw signal.reason;
      return {
        responses: settled.map((outcome) =>
          outcome.status === 'fulfilled' ? outcome.value.content : toErrorReply(outcome.reason).body,
        ),
      };
    },
  );
};
