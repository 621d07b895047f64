import { createFallbackLLM } from '@core/session';
import type { LLM } from '@core/types';
import { bindModel } from './bind-model.js';
import { RequestError } from './request-error.js';

/** Named LLMs (`{ openai: llm1, ollama: llm2 }`), or a function giving the LLM for a provider name on first use. */
export type GatewayLlms = Readonly<Record<string, LLM>> | ((providerName: string) => LLM | undefined);

/** How the server finds the LLM for a request's `model`. */
export interface GatewayOptions {
  /** The one LLM every request goes to; the request's `model` is passed through unchanged. */
  llm?: LLM | undefined;
  llms?: GatewayLlms | undefined;
  /** Model names standing for a fallback chain of `provider/model` targets, tried in order. */
  aliases?: Readonly<Record<string, readonly string[]>> | undefined;
  /** The provider name a bare model name (no `provider/`) goes to; default: the first of `llms`. */
  defaultLlm?: string | undefined;
}

/** The LLM a request goes to, and the model to pass it per call (`undefined`: the LLM's own). */
export interface ResolvedLlm {
  llm: LLM;
  model: string | undefined;
}

/** Finds the LLM for a request's `model` string; throws a 404 `RequestError` naming what exists. */
export type ResolveLlm = (model: string | undefined) => ResolvedLlm;

/** The server's view of its LLMs: the resolver the routes call, and what it serves. */
export interface LlmGateway {
  resolve: ResolveLlm;
  /** Whether requests are routed by `provider/` (created with `llms`) rather than all sent to one LLM. */
  routed: boolean;
  /** The LLM of bare model names, `GET /health` and routes that do not route. */
  defaultLlm: LLM;
  /** The named LLMs created so far (all of them for a record), in configuration order. */
  providers(): Array<[name: string, llm: LLM]>;
  aliasNames(): string[];
}

function isLlm(value: unknown): value is LLM {
  const llm = value as Partial<LLM> | null;
  return (
    typeof llm === 'object' &&
    llm !== null &&
    typeof llm.agenerate === 'function' &&
    typeof llm.listModels === 'function'
  );
}

function splitModel(model: string): { providerName: string; model: string | undefined } | undefined {
  const slash = model.indexOf('/');
  if (slash <= 0) return undefined;
  const rest = model.slice(slash + 1);
  return { providerName: model.slice(0, slash), model: rest === '' ? undefined : rest };
}

/**
 * Builds the resolution of request models from `createServer`'s options. With `llm`, every request goes to it
 * with its `model` unchanged. With `llms`, `provider/model` goes to that provider with `model`, an alias to a
 * fallback LLM over its targets (made on first use and kept), and a bare name to the default provider.
 * Throws a `TypeError` for options that cannot work (no LLM, an alias naming an unknown provider).
 */
export function createLlmGateway(options: GatewayOptions): LlmGateway {
  const { llm, llms, aliases = {}, defaultLlm: defaultName } = options;
  if (llms === undefined) {
    if (!isLlm(llm)) throw new TypeError('createServer: llm must be an LLM made with createLLM');
    return {
      resolve: (model) => ({ llm, model }),
      routed: false,
      defaultLlm: llm,
      providers: () => [[llm.provider, llm]],
      aliasNames: () => [],
    };
  }
  if (llm !== undefined) throw new TypeError('createServer: pass either llm or llms, not both');

  const created = new Map<string, LLM>();
  let lookup: (name: string) => LLM | undefined;
  if (typeof llms === 'function') {
    if (typeof defaultName !== 'string') {
      throw new TypeError(
        'createServer: llms as a function needs defaultLlm, the provider bare model names go to',
      );
    }
    lookup = (name) => {
      const known = created.get(name);
      if (known !== undefined) return known;
      const made = llms(name);
      if (made === undefined) return undefined;
      if (!isLlm(made)) throw new TypeError(`createServer: llms('${name}') did not return an LLM`);
      created.set(name, made);
      return made;
    };
  } else {
    if (typeof llms !== 'object' || llms === null)
      throw new TypeError('createServer: llms must be an object');
    for (const [name, value] of Object.entries(llms)) {
      if (name === '' || name.includes('/')) {
        throw new TypeError(`createServer: llms name '${name}' must be non-empty and without '/'`);
      }
      if (!isLlm(value)) throw new TypeError(`createServer: llms.${name} must be an LLM made with createLLM`);
      created.set(name, value);
    }
    if (created.size === 0) throw new TypeError('createServer: llms must name at least one LLM');
    lookup = (name) => created.get(name);
  }

  const providerNames = () => [...created.keys()].join(', ');
  const notFound = (message: string): RequestError =>
    new RequestError({
      status: 404,
      message,
      type: 'invalid_request_error',
      code: 'model_not_found',
      param: 'model',
    });

  const resolvedDefaultName = defaultName ?? (created.keys().next().value as string);
  const defaultLlm = lookup(resolvedDefaultName);
  if (defaultLlm === undefined) {
    throw new TypeError(
      `createServer: defaultLlm '${resolvedDefaultName}' is not one of llms (${providerNames()})`,
    );
  }

  // `provider/model`, or a bare model for the default provider; never an alias (aliases do not nest).
  const resolveTarget = (model: string): ResolvedLlm => {
    const split = splitModel(model);
    if (split === undefined) return { llm: defaultLlm, model };
    const target = lookup(split.providerName);
    if (target === undefined) {
      throw notFound(
        `The provider '${split.providerName}' of model '${model}' does not exist; providers: ${providerNames()}`,
      );
    }
    return { llm: target, model: split.model };
  };

  for (const [alias, targets] of Object.entries(aliases)) {
    if (
      !Array.isArray(targets) ||
      targets.length === 0 ||
      targets.some((target) => typeof target !== 'string')
    ) {
      throw new TypeError(
        `createServer: aliases.${alias} must be a non-empty array of 'provider/model' strings`,
      );
    }
    // A record knows every provider now: a typo fails at start, not on the first request.
    if (typeof llms !== 'function') {
      for (const target of targets as string[]) {
        const split = splitModel(target);
        if (split !== undefined && !created.has(split.providerName)) {
          throw new TypeError(
            `createServer: aliases.${alias} names '${target}', but '${split.providerName}' is not one of llms (${providerNames()})`,
          );
        }
      }
    }
  }

  const fallbacks = new Map<string, LLM>();
  const resolveAlias = (alias: string): LLM => {
    let fallback = fallbacks.get(alias);
    if (fallback === undefined) {
      const targets = (aliases[alias] as readonly string[]).map((target) => {
        const resolved = resolveTarget(target);
        return bindModel(resolved.llm, resolved.model);
      });
      fallback = createFallbackLLM(targets);
      fallbacks.set(alias, fallback);
    }
    return fallback;
  };

  return {
    resolve(model) {
      if (model === undefined || model === '') return { llm: defaultLlm, model: undefined };
      if (Object.hasOwn(aliases, model)) return { llm: resolveAlias(model), model: undefined };
      return resolveTarget(model);
    },
    routed: true,
    defaultLlm,
    providers: () => [...created.entries()],
    aliasNames: () => Object.keys(aliases),
  };
}
