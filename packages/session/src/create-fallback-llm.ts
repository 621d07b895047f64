import {
  AbstractCoreError,
  AuthenticationError,
  type EmbedOptions,
  type GenerateOptions,
  type HealthStatus,
  InvalidRequestError,
  type LLM,
  type ModelInfo,
  ModelNotFoundError,
  type Prompt,
  type ProviderCapabilities,
  ProviderConnectionError,
  ValidationError,
} from '@core/types';
import { chainFailures } from './chain-failures.js';
import { events, type Operation } from './events.js';
import { requestIdOf } from './pipeline/call-events.js';

/** Options of `createFallbackLLM`. */
export interface FallbackOptions {
  /**
   * Whether a failure of `llm` (after its own retries) moves the call to the next LLM; default
   * `shouldFallbackByDefault`. Never asked about an abort: an aborted call stops at once.
   */
  shouldFallback?: (error: unknown, llm: LLM) => boolean;
}

/**
 * The default fallback rule: a failure that another provider may not share (one still `retryable` after the
 * LLM's own retries: 5xx, 429, timeouts; a connection failure; a missing model; refused credentials) moves on.
 * A bad request (`InvalidRequestError`, `ContextLengthError`), structured output that never validated, an
 * option error (`TypeError`, `RangeError`) or anything not ours would fail the same way everywhere, so it does not.
 */
export function shouldFallbackByDefault(error: unknown): boolean {
  if (!AbstractCoreError.isInstance(error)) return false;
  if (InvalidRequestError.isInstance(error) || ValidationError.isInstance(error)) return false;
  return (
    error.retryable ||
    ProviderConnectionError.isInstance(error) ||
    ModelNotFoundError.isInstance(error) ||
    AuthenticationError.isInstance(error)
  );
}

function checkLlm(value: unknown, index: number): LLM {
  const llm = value as Partial<LLM> | null;
  if (
    typeof llm !== 'object' ||
    llm === null ||
    typeof llm.agenerate !== 'function' ||
    typeof llm.listModels !== 'function' ||
    typeof llm.embed !== 'function'
  ) {
    throw new TypeError(`createFallbackLLM: llms[${index}] must be an LLM (from createLLM)`);
  }
  return llm as LLM;
}

/**
 * An LLM that tries `llms` in order: a call (`agenerate` and its stream and `responseModel` forms, `embed`,
 * `listModels`) goes to the first, and moves to the next when the failure passes `shouldFallback`, emitting a
 * `fallback` event on `events` per hop. A stream falls back only until it resolves (its first chunk); a failure
 * inside the `for await` is the caller's. The answer is the answering LLM's own (`response.provider`, `model`).
 * When every LLM failed, or one failed in a way that does not fall back, the last error is thrown with the
 * earlier ones on its `cause` chain; an abort rejects with the signal's reason. `provider`, `model`,
 * `countTokens` and `capabilities` are the first LLM's. Throws a `TypeError` for an empty list or a non-LLM.
 */
export function createFallbackLLM(llms: readonly LLM[], options: FallbackOptions = {}): LLM {
  if (!Array.isArray(llms) || llms.length === 0) {
    throw new TypeError('createFallbackLLM: pass a non-empty array of LLMs');
  }
  const chain = llms.map(checkLlm);
  const shouldFallback = options.shouldFallback ?? shouldFallbackByDefault;
  if (typeof shouldFallback !== 'function') {
    throw new TypeError('createFallbackLLM: shouldFallback must be a function');
  }
  const primary = chain[0] as LLM;

  async function runInOrder<Result>(
    operation: Operation,
    call: { signal?: AbortSignal | undefined; model?: string | undefined },
    attempt: (llm: LLM) => Promise<Result>,
  ): Promise<Result> {
    const failures: unknown[] = [];
    const identity = {
      bus: events,
      operation,
      provider: primary.provider,
      model: '',
      startedAt: performance.now(),
      requestId: undefined as string | undefined,
      trace: undefined,
    };
    for (let index = 0; index < chain.length; index++) {
      const llm = chain[index] as LLM;
      try {
        return await attempt(llm);
      } catch (error) {
        // An abort is the caller's decision, not a provider's failure: no other LLM is asked.
        if (call.signal?.aborted === true) throw call.signal.reason;
        failures.push(error);
        const next = chain[index + 1];
        if (next === undefined || !shouldFallback(error, llm)) throw chainFailures(failures);
        if (events.has('fallback')) {
          const from = { provider: llm.provider, model: call.model ?? llm.model ?? '' };
          events.emit('fallback', {
            operation,
            provider: from.provider,
            model: from.model,
            requestId: requestIdOf(identity),
            timestamp: Date.now(),
            from,
            to: { provider: next.provider, model: call.model ?? next.model ?? '' },
            error,
          });
        }
      }
    }
    // Unreachable: the last LLM's failure is thrown above.
    throw chainFailures(failures);
  }

  const agenerate = (prompt: Prompt, callOptions?: GenerateOptions) =>
    runInOrder('chat', callOptions ?? {}, (llm) => llm.agenerate(prompt, callOptions));

  return {
    get provider() {
      return primary.provider;
    },
    get model() {
      return primary.model;
    },
    agenerate: agenerate as LLM['agenerate'],
    generate: agenerate as LLM['agenerate'],
    listModels: (listOptions?: { signal?: AbortSignal }): Promise<ModelInfo[]> =>
      runInOrder('models', listOptions ?? {}, (llm) => llm.listModels(listOptions)),
    embed: (input: string | readonly string[], embedOptions?: EmbedOptions): Promise<number[][]> =>
      runInOrder('embeddings', embedOptions ?? {}, (llm) => llm.embed(input, embedOptions)),
    // Healthy when any LLM answers: that is when a call can succeed.
    async health(healthOptions?: { signal?: AbortSignal; timeout?: number }): Promise<HealthStatus> {
      const startedAt = performance.now();
      const problems: string[] = [];
      for (const llm of chain) {
        const status = await llm.health(healthOptions);
        if (status.ok) return { ok: true, latencyMs: performance.now() - startedAt };
        problems.push(`${llm.provider}: ${status.error ?? 'unavailable'}`);
      }
      return { ok: false, latencyMs: performance.now() - startedAt, error: problems.join('; ') };
    },
    async unloadModel(model?: string): Promise<void> {
      const results = await Promise.allSettled(chain.map((llm) => llm.unloadModel(model)));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    },
    countTokens: (text: string): Promise<number> => primary.countTokens(text),
    capabilities: (): Promise<ProviderCapabilities> => primary.capabilities(),
  };
}
