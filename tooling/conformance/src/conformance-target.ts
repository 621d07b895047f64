import type { FinishReason, LLM, LLMOptions, ProviderAdapter, ToolCall, Usage } from '@core/types';
import type { FixtureReply, MockLlm, RawReply, Wire } from '@tooling/mock-llm';

/** What a recorded transcript must produce once it went through the provider. */
export interface FixtureExpectation {
  content?: string;
  reasoning?: string;
  toolCalls?: Array<Pick<ToolCall, 'name' | 'arguments'>>;
  usage?: Partial<Usage>;
  finishReason?: FinishReason;
  /** For a transcript that ends in an error: a check on what was thrown. */
  error?: (error: unknown) => boolean;
}

/** A recorded transcript replayed through the provider, with values read from the file independently. */
export interface FixtureCase {
  name: string;
  reply: FixtureReply | RawReply;
  stream: boolean;
  expect: FixtureExpectation;
}

/** The provider under test, and how to point it at the mock server. */
export interface ConformanceTarget {
  /** The name `createLLM` knows the provider by. */
  provider: string;
  /** The wire the provider speaks, so the mock answers in it and the suite reads its request bodies. */
  wire: Wire;
  /** The key the target is given, to prove it never reaches an error; omit for keyless providers. */
  apiKey?: string;
  /** Makes an LLM aimed at `mock`; the suite adds its own options (retries, timeouts) through `options`. */
  createLLM: (mock: MockLlm, options?: LLMOptions) => LLM;
  /**
   * Makes the provider's adapter aimed at `baseUrl` (with the target's key and `model: 'test-model'`), so
   * the suite can check what the session reads from the adapter itself: `baseUrl` and `responseId`.
   */
  createAdapter: (baseUrl: string) => ProviderAdapter;
  features: {
    tools: boolean;
    reasoning: boolean;
    embeddings: boolean;
    images: boolean;
    /** The wire takes a sampling seed (Anthropic's does not). */
    seed?: boolean;
  };
  fixtures?: FixtureCase[];
}
