import type { LLM, ModelInfo } from '@core/types';
import type { FastifyPluginAsync } from 'fastify';
import { abortOnClose } from '../abort-on-close.js';
import { RequestError } from '../request-error.js';
import type { LlmGateway } from '../resolve-llm.js';
import {
  listModelsRouteSchema,
  retrieveModelRouteSchema,
  type WireModel,
  type WireModelList,
} from '../schemas/models.js';

/** Options of the `/v1/models` route plugin. */
export interface ModelsRoutesOptions {
  /** The server's LLMs (`resolve-llm.ts`). */
  gateway: LlmGateway;
}

function toWireModel(model: ModelInfo, provider: string): WireModel {
  return { id: model.id, object: 'model', created: model.created ?? 0, owned_by: model.ownedBy ?? provider };
}

/**
 * Every configured provider's models, each id prefixed with its name (`ollama/qwen3:4b`), then the aliases.
 * A provider that does not answer is left out, so one down provider does not hide the others; when none
 * answers, the first failure is the answer.
 */
async function listRoutedModels(gateway: LlmGateway, signal: AbortSignal): Promise<WireModel[]> {
  const providers = gateway.providers();
  const settled = await Promise.allSettled(providers.map(([, llm]) => llm.listModels({ signal })));
  const data: WireModel[] = [];
  let firstFailure: PromiseRejectedResult | undefined;
  settled.forEach((outcome, index) => {
    const [name, llm] = providers[index] as [string, LLM];
    if (outcome.status === 'rejected') {
      firstFailure ??= outcome;
      return;
    }
    for (const model of outcome.value) {
      data.push(toWireModel({ ...model, id: `${name}/${model.id}` }, llm.provider));
    }
  });
  if (firstFailure !== undefined && data.length === 0) throw firstFailure.reason;
  for (const alias of gateway.aliasNames())
    data.push(toWireModel({ id: alias, ownedBy: 'gateway' }, 'gateway'));
  return data;
}

/**
 * `GET /v1/models` and `GET /v1/models/:model`: the provider's models (`llm.listModels()`) in OpenAI's shape;
 * with `llms`, every provider's, prefixed with its name, and the aliases.
 */
export const modelsRoutes: FastifyPluginAsync<ModelsRoutesOptions> = async (app, { gateway }) => {
  const llm = gateway.defaultLlm;
  app.get<{ Reply: WireModelList }>(
    '/v1/models',
    { schema: listModelsRouteSchema },
    async (_request, reply) => {
      const signal = abortOnClose(reply);
      if (gateway.routed) return { object: 'list', data: await listRoutedModels(gateway, signal) };
      const models = await llm.listModels({ signal });
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
