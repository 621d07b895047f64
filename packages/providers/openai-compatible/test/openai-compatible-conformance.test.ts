import { createLLM } from '@core/session';
import { InvalidRequestError, type ProviderAPIError, RateLimitError } from '@core/types';
import {
  describeConformance,
  type FixtureCase,
  type FixtureExpectation,
  readChunkPayloads,
  readSsePayloads,
} from '@tooling/conformance';
import { hasSharedDirectory } from '@tooling/fixtures';
import { createOpenAICompatibleAdapter } from '../src/create-preset-adapters.js';

type Payload = Record<string, unknown>;
interface Delta {
  content?: string | null;
  reasoning?: string | null;
  reasoning_content?: string | null;
  tool_calls?: Array<{ index?: number; id?: string; function?: { name?: string; arguments?: string } }>;
}

// Folds recorded Chat Completions chunks into what a reader of the wire expects, written apart from the
// provider's stream mapper so the assertions come from the bytes, not from the code under test.
function expectFromChunks(payloads: Payload[]): FixtureExpectation {
  let content = '';
  let reasoning = '';
  const calls: Array<{ name: string; parts: string[] }> = [];
  const byIndex = new Map<number, { name: string; parts: string[] }>();
  let usage: Payload | undefined;
  for (const payload of payloads) {
    if (payload.usage) usage = payload.usage as Payload;
    const choice = (payload.choices as Array<{ delta?: Delta }> | undefined)?.[0];
    const delta = choice?.delta;
    if (delta === undefined) continue;
    content += delta.content ?? '';
    reasoning += delta.reasoning_content ?? delta.reasoning ?? '';
    for (const call of delta.tool_calls ?? []) {
      const key = call.index ?? -1 - calls.length;
      let entry = byIndex.get(key);
      if (entry === undefined) {
        entry = { name: call.function?.name ?? '', parts: [] };
        byIndex.set(key, entry);
        calls.push(entry);
      }
      entry.parts.push(call.function?.arguments ?? '');
    }
  }
  return {
    content,
    ...(reasoning === '' ? {} : { reasoning }),
    toolCalls: calls.map((call) => ({ name: call.name, arguments: JSON.parse(call.parts.join('') || '{}') })),
    ...(usage === undefined
      ? {}
      : {
          usage: {
            inputTokens: usage.prompt_tokens as number,
            outputTokens: usage.completion_tokens as number,
          },
        }),
  };
}

const fixtures: FixtureCase[] = [];
if (hasSharedDirectory()) {
  const mistral = 'openai-compatible/vercel-ai__mistral-tool-call.chunks.txt';
  const deepseek = 'openai-compatible/vercel-ai__deepseek-tool-call.chunks.txt';
  const fallback = 'openai-compatible/vercel-ai__anthropic-fallback-tool-call.sse';
  const reasoning = 'derived/pydantic-ai__test_openrouter_streaming_reasoning.0.response.sse';
  const groqRetry = 'derived/pydantic-ai__groq_test_tool_use_failed_error_streaming.1.response.sse';
  fixtures.push(
    {
      name: 'Mistral: a whole tool call in one delta without index or type',
      reply: { kind: 'fixture', path: mistral, format: 'chunks-sse' },
      stream: true,
      expect: { ...expectFromChunks(await readChunkPayloads(mistral)), finishReason: 'tool_calls' },
    },
    {
      name: "Anthropic's compatibility endpoint: tool call index starting at 1, empty argument pieces",
      reply: { kind: 'fixture', path: fallback, contentType: 'text/event-stream' },
      stream: true,
      expect: { ...expectFromChunks(await readSsePayloads(fallback)), finishReason: 'tool_calls' },
    },
    {
      name: 'DeepSeek: reasoning_content, content null, streamed tool arguments, cache-hit usage',
      reply: { kind: 'fixture', path: deepseek, format: 'chunks-sse' },
      stream: true,
      expect: { ...expectFromChunks(await readChunkPayloads(deepseek)), finishReason: 'tool_calls' },
    },
    {
      name: 'OpenRouter: reasoning deltas, usage with cost',
      reply: { kind: 'fixture', path: reasoning, contentType: 'text/event-stream' },
      stream: true,
      expect: { ...expectFromChunks(await readSsePayloads(reasoning)), finishReason: 'stop' },
    },
    {
      name: 'OpenRouter: comment lines, then an error inside an ordinary chunk',
      reply: {
        kind: 'fixture',
        path: 'derived/pydantic-ai__test_openrouter_stream_error.0.response.sse',
        contentType: 'text/event-stream',
      },
      stream: true,
      expect: {
        error: (error) =>
          InvalidRequestError.isInstance(error) && (error as Error).message.includes('Token limit reached'),
      },
    },
    {
      name: 'Groq: an `event: error` with no [DONE]',
      reply: {
        kind: 'fixture',
        path: 'derived/pydantic-ai__groq_test_tool_use_failed_error_streaming.0.response.sse',
        contentType: 'text/event-stream',
      },
      stream: true,
      expect: {
        error: (error) =>
          InvalidRequestError.isInstance(error) && (error as ProviderAPIError).code === 'tool_use_failed',
      },
    },
    {
      name: 'Groq: the retried request streams reasoning and a tool call',
      reply: { kind: 'fixture', path: groqRetry, contentType: 'text/event-stream' },
      stream: true,
      expect: expectFromChunks(await readSsePayloads(groqRetry)),
    },
    {
      name: "OpenRouter: a 429 whose body is not OpenAI's error shape",
      reply: {
        kind: 'fixture',
        path: 'derived/pydantic-ai__test_openrouter_errors_raised.0.response.json',
        format: 'response-json',
      },
      stream: false,
      expect: {
        // The body is kept for a report upstream: OpenRouter's metadata names the upstream provider.
        error: (error) =>
          RateLimitError.isInstance(error) &&
          (error as Error).message.includes('temporarily rate-limited upstream') &&
          ((error as ProviderAPIError).responseBody?.includes('"provider_name"') ?? false),
      },
    },
  );
}

describeConformance({
  provider: 'openai-compatible',
  wire: 'openai',
  apiKey: 'sk-compat-test-0123456789SECRET',
  createLLM: (mock, options) =>
    createLLM('openai-compatible', {
      baseUrl: mock.openaiBaseUrl,
      apiKey: 'sk-compat-test-0123456789SECRET',
      model: 'test-model',
      ...options,
    }),
  createAdapter: (baseUrl) =>
    createOpenAICompatibleAdapter({
      baseUrl,
      apiKey: 'sk-compat-test-0123456789SECRET',
      model: 'test-model',
    }),
  features: { tools: true, reasoning: true, embeddings: true, images: true },
  fixtures,
});
