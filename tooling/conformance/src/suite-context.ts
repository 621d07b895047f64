import type {
  GenerateChunk,
  GenerateOptions,
  GenerateStream,
  LLM,
  LLMOptions,
  ProviderStream,
} from '@core/types';
import type { MockLlm } from '@tooling/mock-llm';
import type { ConformanceTarget } from './conformance-target.js';
import { readWireRequest, type WireRequestView } from './read-wire-request.js';

/** What every section of the suite shares: the mock, the target and the LLMs made so far. */
export interface SuiteContext {
  readonly target: ConformanceTarget;
  readonly mock: MockLlm;
  /** An LLM aimed at the mock with fast retries; closed at the end of the suite. */
  llm(options?: LLMOptions): LLM;
  /** The request body the mock received at `index` (default: the last), read in wire-neutral terms. */
  request(index?: number): WireRequestView;
  closeAll(): Promise<void>;
}

/** Makes the context; `getMock` is read lazily because the mock starts in `beforeAll`. */
export function createSuiteContext(target: ConformanceTarget, getMock: () => MockLlm): SuiteContext {
  const made: LLM[] = [];
  return {
    target,
    get mock() {
      return getMock();
    },
    llm(options) {
      // Fast retries keep fault tests quick; a test that needs no retry says maxRetries: 0.
      const llm = target.createLLM(getMock(), { retryInitialDelay: 1, retryMaxDelay: 50, ...options });
      made.push(llm);
      return llm;
    },
    request(index) {
      const requests = getMock().requests.filter((request) => request.wire === target.wire);
      const request = index === undefined ? requests.at(-1) : requests[index];
      if (request === undefined)
        throw new Error(`no ${target.wire} request recorded at ${index ?? 'the end'}`);
      return readWireRequest(target.wire, request.body);
    },
    async closeAll() {
      await Promise.all(made.splice(0).map((llm) => llm.unloadModel()));
    },
  };
}

/** Drains a stream; resolves to the chunks and the error thrown inside the `for await`, if any. */
export async function collectStream(
  stream: GenerateStream,
): Promise<{ chunks: GenerateChunk[]; error: unknown }> {
  const chunks: GenerateChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

/** Every chunk of an adapter's stream (`doStream`), read batch by batch as the pipeline reads it. */
export async function readProviderStream(stream: ProviderStream): Promise<GenerateChunk[]> {
  const chunks: GenerateChunk[] = [];
  for (let batch = await stream.read(); batch !== undefined; batch = await stream.read())
    chunks.push(...batch);
  return chunks;
}

/** Runs a call stream or not; resolves to the error it ended with (at the await or inside the `for await`). */
export async function failureOf(
  llm: LLM,
  prompt: string,
  options: GenerateOptions & { stream: boolean },
): Promise<unknown> {
  try {
    const result = await llm.agenerate(prompt, options);
    if (options.stream) return (await collectStream(result as GenerateStream)).error;
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Every view of an error a user or a log might print, the `cause` chain included. */
export function errorViews(error: unknown): string[] {
  const views = [String(error), (error as Error | undefined)?.stack ?? '', JSON.stringify(error) ?? ''];
  let cause = (error as { cause?: unknown } | undefined)?.cause;
  for (let depth = 0; cause !== undefined && cause !== null && depth < 8; depth++) {
    views.push(String(cause), (cause as Error).stack ?? '', JSON.stringify(cause) ?? '');
    cause = (cause as { cause?: unknown }).cause;
  }
  return views;
}
