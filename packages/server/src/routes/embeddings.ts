import type { EmbedOptions } from '@core/types';
import type { FastifyPluginAsync } from 'fastify';
import { abortOnClose } from '../abort-on-close.js';
import { encodeEmbeddingBase64 } from '../encode-embedding.js';
import { rethrowOptionError } from '../request-error.js';
import type { ResolveLlm } from '../resolve-llm.js';
import {
  type EmbeddingsRequest,
  type EmbeddingsResponse,
  embeddingsRouteSchema,
} from '../schemas/embeddings.js';

/** Options of the `/v1/embeddings` route plugin. */
export interface EmbeddingsRoutesOptions {
  /** Finds the LLM for the request's `model` (`resolve-llm.ts`). */
  resolveLlm: ResolveLlm;
}

/**
 * `POST /v1/embeddings`, as OpenAI's clients call it: one text or several, `encoding_format` `float` or
 * `base64`, through `llm.embed`. The request's `model` picks the LLM and model as on every route
 * (`resolve-llm.ts`). Our `embed`
 * returns vectors only, so `usage` counts the inputs with `llm.countTokens` (the model's tokenizer where the
 * provider has one, else an estimate).
 */
export const embeddingsRoutes: FastifyPluginAsync<EmbeddingsRoutesOptions> = async (app, { resolveLlm }) => {
  app.post<{ Body: EmbeddingsRequest; Reply: EmbeddingsResponse }>(
    '/v1/embeddings',
    { schema: embeddingsRouteSchema },
    async (request, reply) => {
      const body = request.body;
      const inputs = typeof body.input === 'string' ? [body.input] : body.input;
      const { llm, model } = resolveLlm(body.model);
      const options: EmbedOptions = { signal: abortOnClose(reply) };
      if (model !== undefined) options.model = model;
      if (body.dimensions !== undefined) options.providerOptions = { dimensions: body.dimensions };
      const embeddings = await llm.embed(inputs, options).catch(rethrowOptionError);
      const counts = await Promise.all(inputs.map((input) => llm.countTokens(input)));
      let promptTokens = 0;
      for (const count of counts) promptTokens += count;
      const base64 = body.encoding_format === 'base64';
      return {
        object: 'list',
        data: embeddings.map((embedding, index) => ({
          object: 'embedding',
          index,
          embedding: base64 ? encodeEmbeddingBase64(embedding) : embedding,
        })),
        model: body.model ?? llm.model ?? 'unknown',
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      };
    },
  );
};
