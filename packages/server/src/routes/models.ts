import type { LLM, ModelInfo } from '@core/types';
import type { FastifyPluginAsync } from 'fastify';
import { abortOnClose } from '../abort-on-close.js';
import { RequestError } from '../request-error.js';
import {
  listModelsRouteSchema,
  retrieveModelRouteSchema,
  type WireModel,
  type WireModelList,
} from '../schemas/models.js';

/** Options of the `/v1/models` route plugin. */
export interface ModelsRoutesOptions {
  llm: LLM;
}

function toWireModel(model: ModelInfo, provider: string): WireModel {
  return { id: model.id, object: 'model', created: model.created ?? 0, owned_by: model.ownedBy ?? provider };
}

/** `GET /v1/models` and `GET /v1/models/:model`: the provider's models (`llm.listModels()`) in OpenAI's shape. */
export const modelsRoutes: FastifyPluginAsync<ModelsRoutesOptions> = async (app, { llm }) => {
  app.get<{ Reply: WireModelList }>(
    '/v1/models',
    { schema: listModelsRouteSchema },
    async (_request, reply) => {
      const models = await llm.listModels({ signal: abortOnClose(reply) });
      return { object: 'list', data: models.map((model) => toWireModel(model, llm.provider)) };
    },
  );

  app.get<{ Params: { model: string }; Reply: WireModel }>(
    '/v1/models/:model',
    { schema: retrieveModelRouteSchema },
    async (request, reply) => {
      const models = await llm.listModels({ signal: abortOnClose(reply) });
      const found = models.find((model) => model.id === request.params.model);
      if (found === undefined) {
        throw new RequestError({
          status: 404,
          message: `The model '${request.params.model}' does not exist`,
          code: 'model_not_found',
          param: 'model',
        });
      }
      return toWireModel(found, llm.provider);
    },
  );
};
