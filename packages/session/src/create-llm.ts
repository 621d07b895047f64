import {
  type GenerateOptions,
  type GenerateResponse,
  type HealthStatus,
  InvalidRequestError,
  type LLM,
  type LLMOptions,
  type ModelInfo,
  type Prompt,
  type ProviderAdapter,
  type ProviderCapabilities,
  ProviderNotInstalledError,
  type ProviderRequest,
  type RateLimiterLike,
} from '@core/types';
import { createConcurrencyLimiter, type Release } from './concurrency-limiter.js';
import { conversationText, estimateTokens } from './estimate-tokens.js';
import { events } from './events.js';
import { checkNumber, normalizeLlmOptions } from './normalize-llm-options.js';
import { createCallContext } from './pipeline/call-context.js';
import { resolveCall } from './pipeline/resolve-call.js';
import { runGenerate } from './pipeline/run-generate.js';
import { runStream } from './pipeline/run-stream.js';
import { findProvider, isProviderInstalled, loadProvider } from './provider-registry.js';
import { RateLimiter } from './rate-limiter.js';
import { runStructured } from './structured-output/run-structured.js';

const defaultHealthTimeoutMs = 10_000;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes an LLM for a provider name (`openai`, `anthropic`, `ollama`, `lmstudio`, `openrouter`, `vllm`,
 * `openai-compatible`, `onnx`, or one added with `registerProvider`). Synchronous: an unknown name throws
 * `UnknownProviderError`, a provider whose package is missing throws `ProviderNotInstalledError`, and a bad
 * option throws a `TypeError` or `RangeError` naming it. The provider package loads on the first call.
 */
export function createLLM(provider: string, options?: LLMOptions): LLM {
  if (typeof provider !== 'string' || provider === '')
    throw new TypeError('createLLM: provider must be a provider name');
  const entry = findProvider(provider);
  const { pipeline, provider: providerSettings } = normalizeLlmOptions(options);
  if (!isProviderInstalled(entry) && entry.packageName !== undefined) {
    throw new ProviderNotInstalledError({ providerName: provider, packageName: entry.packageName });
  }
  const gate =
    pipeline.maxConcurrency === undefined ? undefined : createConcurrencyLimiter(pipeline.maxConcurrency);
  const limiter: RateLimiterLike | undefined =
    pipeline.rateLimit === undefined
      ? undefined
      : 'acquire' in pipeline.rateLimit
        ? (pipeline.rateLimit as RateLimiterLike)
        : new RateLimiter(pipeline.rateLimit);
  // Each attempt's estimated tokens (prompt plus the most it may generate) count against the budget.
  const beforeAttempt =
    limiter === undefined
      ? undefined
      : (request: ProviderRequest, signal: AbortSignal | undefined) =>
          limiter.acquire({
            tokens: estimateTokens(conversationText(request.messages)) + (request.maxTokens ?? 0),
            ...(signal === undefined ? {} : { signal }),
          });

  let adapter: ProviderAdapter | undefined;
  let loading: Promise<ProviderAdapter> | undefined;
  const getAdapter = (): Promise<ProviderAdapter> => {
    if (adapter !== undefined) return Promise.resolve(adapter);
    loading ??= loadProvider(provider, entry).then(
      (factory) => {
        adapter = factory(providerSettings);
        return adapter;
      },
      (error: unknown) => {
        loading = undefined; // a later call tries again (the package may have been installed since)
        throw error;
      },
    );
    return loading;
  };

  async function agenerate(prompt: Prompt, options?: GenerateOptions): Promise<unknown> {
    const active = adapter ?? (await getAdapter());
    const plan = resolveCall(prompt, options, pipeline, active, beforeAttempt);
    if (plan.signal?.aborted) throw plan.signal.reason;
    const context = createCallContext(events, active.provider, plan.request.model);
    context.emit('generation:start', { stream: plan.stream });
    let release: Release | undefined;
    try {
      if (gate !== undefined) release = await gate.acquire(plan.signal);
      if (plan.stream) {
        const stream = await runStream(active, plan, context, release);
        release = undefined; // the stream releases its slot when it ends
        return stream;
      }
      let response: GenerateResponse;
      let result: unknown;
      if (plan.responseModel !== undefined) {
        const structured = await runStructured(active, plan, context);
        response = structured.response;
        result = structured.value;
      } else {
        response = await runGenerate(active, plan, context);
        result = response;
      }
      context.emit('generation:end', {
        stream: false,
        durationMs: response.genTimeMs,
        usage: response.usage,
        finishReason: response.finishReason,
        completed: true,
        providerRequestId: response.requestId,
      });
      return result;
    } catch (error) {
      context.emit('generation:error', { stream: plan.stream, durationMs: context.elapsedMs(), error });
      throw error;
    } finally {
      release?.();
    }
  }

  const llm: LLM = {
    provider,
    get model() {
      return pipeline.model ?? adapter?.defaultModel;
    },
    agenerate: agenerate as LLM['agenerate'],
    generate: agenerate as LLM['agenerate'],
    async listModels(listOptions?: { signal?: AbortSignal }): Promise<ModelInfo[]> {
      return (await getAdapter()).listModels(listOptions);
    },
    async health(healthOptions?: { signal?: AbortSignal; timeout?: number }): Promise<HealthStatus> {
      const startedAt = performance.now();
      try {
        const timeout = AbortSignal.timeout(
          checkNumber('timeout', healthOptions?.timeout, 'duration') ?? defaultHealthTimeoutMs,
        );
        const signal =
          healthOptions?.signal === undefined ? timeout : AbortSignal.any([healthOptions.signal, timeout]);
        await (await getAdapter()).listModels({ signal });
        return { ok: true, latencyMs: performance.now() - startedAt };
      } catch (error) {
        return { ok: false, latencyMs: performance.now() - startedAt, error: describeError(error) };
      }
    },
    async embed(input, embedOptions) {
      const active = await getAdapter();
      const texts = typeof input === 'string' ? [input] : input;
      if (!Array.isArray(texts) || texts.some((text) => typeof text !== 'string')) {
        throw new TypeError('embed: input must be a string or an array of strings');
      }
      if (active.embed === undefined) {
        throw new InvalidRequestError({
          provider,
          message: `The ${provider} provider does not offer embeddings.`,
        });
      }
      const model =
        embedOptions?.model ?? active.defaultEmbeddingModel ?? pipeline.model ?? active.defaultModel;
      if (model === undefined) throw new TypeError('embed: no model; pass { model }');
      const result = await active.embed({
        input: texts,
        model,
        timeoutMs: pipeline.timeoutMs,
        ...(embedOptions?.signal === undefined ? {} : { signal: embedOptions.signal }),
        ...(embedOptions?.providerOptions === undefined
          ? {}
          : { providerOptions: embedOptions.providerOptions }),
      });
      return result.embeddings;
    },
    async unloadModel(model?: string): Promise<void> {
      // Naming a model unloads it even before any call here (Ollama frees it server-side).
      if (adapter === undefined && model === undefined) return;
      await (await getAdapter()).unload(model);
    },
    async countTokens(text: string): Promise<number> {
      const active = await getAdapter();
      const model = pipeline.model ?? active.defaultModel;
      if (active.countTokens !== undefined && model !== undefined) return active.countTokens(text, model);
      return estimateTokens(text);
    },
    async capabilities(): Promise<ProviderCapabilities> {
      return (await getAdapter()).capabilities;
    },
  };
  return llm;
}
