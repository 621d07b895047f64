import {
  type GenerateOptions,
  type GenerateResponse,
  type GenerateStream,
  type HealthStatus,
  InvalidRequestError,
  type LLM,
  type LLMOptions,
  type ModelInfo,
  type Prompt,
  type ProviderAdapter,
  ProviderNotInstalledError,
} from '@core/types';
import { createConcurrencyLimiter, type Release } from './concurrency-limiter.js';
import { events } from './events.js';
import { normalizeLlmOptions } from './normalize-llm-options.js';
import { createCallContext } from './pipeline/call-context.js';
import { resolveCall } from './pipeline/resolve-call.js';
import { runGenerate } from './pipeline/run-generate.js';
import { runStream } from './pipeline/run-stream.js';
import { findProvider, isProviderInstalled, loadProvider } from './provider-registry.js';

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

  async function agenerate(
    prompt: Prompt,
    options?: GenerateOptions,
  ): Promise<GenerateResponse | GenerateStream> {
    const active = adapter ?? (await getAdapter());
    const plan = resolveCall(prompt, options, pipeline, active.defaultModel);
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
      const response = await runGenerate(active, plan, context);
      context.emit('generation:end', {
        stream: false,
        durationMs: response.genTimeMs,
        usage: response.usage,
        finishReason: response.finishReason,
        completed: true,
        providerRequestId: response.requestId,
      });
      return response;
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
        const timeout = AbortSignal.timeout(healthOptions?.timeout ?? defaultHealthTimeoutMs);
        const signal =
          healthOptions?.signal === undefined ? timeout : AbortSignal.any([healthOptions.signal, timeout]);
        await (await getAdapter()).listModels({ signal });
        return { ok: true, latencyMs: performance.now() - startedAt };
      } catch (error) {
        return { ok: false, latencyMs: performance.now() - startedAt, error: describeError(error) };
      }
    },
    async embed(input: string | readonly string[], embedOptions?: { model?: string; signal?: AbortSignal }) {
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
      const model = embedOptions?.model ?? pipeline.model ?? active.defaultModel;
      if (model === undefined) throw new TypeError('embed: no model; pass { model }');
      const result = await active.embed({
        input: texts,
        model,
        signal: embedOptions?.signal,
        timeoutMs: pipeline.timeoutMs,
      });
      return result.embeddings;
    },
    async unloadModel(model?: string): Promise<void> {
      await adapter?.unload(model);
    },
  };
  return llm;
}
