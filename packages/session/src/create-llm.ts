import {
  type GenerateOptions,
  type HealthStatus,
  type LLM,
  type LLMOptions,
  type Prompt,
  type ProviderAdapter,
  type ProviderCapabilities,
  ProviderNotInstalledError,
  type RateLimiterLike,
} from '@core/types';
import { createConcurrencyLimiter } from './concurrency-limiter.js';
import { estimateTokens } from './estimate-tokens.js';
import { events } from './events.js';
import { checkNumber, normalizeLlmOptions } from './normalize-llm-options.js';
import { type LlmRuntime, runCall, runEmbed, runListModels } from './pipeline/run-call.js';
import { findProvider, isProviderInstalled, loadProvider } from './provider-registry.js';
import { RateLimiter } from './rate-limiter.js';

const defaultHealthTimeoutMs = 10_000;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes an LLM for a provider name (`openai`, `anthropic`, `ollama`, `lmstudio`, `openrouter`, `vllm`,
 * `openai-compatible`, `onnx`, or one added with `registerProvider`). Synchronous: an unknown name throws
 * `UnknownProviderError`, a provider whose package is missing throws `ProviderNotInstalledError`, and a bad
 * option throws a `TypeError` or `RangeError` naming it. The provider package loads on the first call; every
 * call then goes through the pipeline (`pipeline/run-call.ts`).
 */
export function createLLM(provider: string, options?: LLMOptions): LLM {
  if (typeof provider !== 'string' || provider === '')
    throw new TypeError('createLLM: provider must be a provider name');
  const entry = findProvider(provider);
  const { llm: settings, provider: providerSettings } = normalizeLlmOptions(options);
  if (!isProviderInstalled(entry) && entry.packageName !== undefined) {
    throw new ProviderNotInstalledError({ providerName: provider, packageName: entry.packageName });
  }

  let adapter: ProviderAdapter | undefined;
  let loading: Promise<ProviderAdapter> | undefined;
  const loadAdapter = (): ProviderAdapter | Promise<ProviderAdapter> => {
    if (adapter !== undefined) return adapter;
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

  const rateLimit = settings.rateLimit;
  const runtime: LlmRuntime = {
    settings,
    bus: events,
    gate:
      settings.maxConcurrency === undefined ? undefined : createConcurrencyLimiter(settings.maxConcurrency),
    limiter:
      rateLimit === undefined
        ? undefined
        : 'acquire' in rateLimit
          ? (rateLimit as RateLimiterLike)
          : new RateLimiter(rateLimit),
    adapter: loadAdapter,
  };

  const agenerate = (prompt: Prompt, callOptions?: GenerateOptions) => runCall(runtime, prompt, callOptions);

  return {
    provider,
    get model() {
      return settings.model ?? adapter?.defaultModel;
    },
    agenerate: agenerate as LLM['agenerate'],
    generate: agenerate as LLM['agenerate'],
    listModels: (listOptions) => runListModels(runtime, listOptions),
    embed: (input, embedOptions) => runEmbed(runtime, input, embedOptions),
    // A probe: one attempt within its own timeout, not queued behind calls and never retried.
    async health(healthOptions?: { signal?: AbortSignal; timeout?: number }): Promise<HealthStatus> {
      const startedAt = performance.now();
      try {
        const timeout = AbortSignal.timeout(
          checkNumber('timeout', healthOptions?.timeout, 'duration') ?? defaultHealthTimeoutMs,
        );
        const signal =
          healthOptions?.signal === undefined ? timeout : AbortSignal.any([healthOptions.signal, timeout]);
        await (await loadAdapter()).listModels({ signal });
        return { ok: true, latencyMs: performance.now() - startedAt };
      } catch (error) {
        return { ok: false, latencyMs: performance.now() - startedAt, error: describeError(error) };
      }
    },
    async unloadModel(model?: string): Promise<void> {
      // Naming a model unloads it even before any call here (Ollama frees it server-side).
      if (adapter === undefined && model === undefined) return;
      await (await loadAdapter()).unload(model);
    },
    async countTokens(text: string): Promise<number> {
      const active = await loadAdapter();
      const model = settings.model ?? active.defaultModel;
      if (active.countTokens !== undefined && model !== undefined) return active.countTokens(text, model);
      return estimateTokens(text);
    },
    async capabilities(): Promise<ProviderCapabilities> {
      return (await loadAdapter()).capabilities;
    },
  };
}
