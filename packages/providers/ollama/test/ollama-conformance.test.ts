import { createLLM } from '@core/session';
import { ProviderAPIError } from '@core/types';
import { describeConformance, type FixtureCase } from '@tooling/conformance';
import { hasSharedDirectory, readFixtureText } from '@tooling/fixtures';
import { createOllamaAdapter } from '../src/ollama-adapter.js';
import { readOwnFixture } from './helpers.js';

type Line = Record<string, unknown>;

const ndjsonHeaders = { 'content-type': 'application/x-ndjson' };
const parseLines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Line);

// The shared Ollama recording is /api/generate output; /api/chat carries the same fields inside `message`,
// so each object moves there unchanged. Expected values are read from the original objects.
async function attogramCase(): Promise<FixtureCase> {
  const objects = parseLines(
    await readFixtureText('derived/attogram__ollama_generate_stream_json.gpt-oss-20b.ndjson'),
  );
  const last = objects.at(-1) as Line;
  const pieces = objects.map((object) => {
    const { response, thinking, ...rest } = object;
    const message: Line = { role: 'assistant', content: response ?? '' };
    if (thinking !== undefined) message.thinking = thinking;
    return `${JSON.stringify({ ...rest, message })}\n`;
  });
  return {
    name: 'attogram gpt-oss:20b stream (thinking, then text) as /api/chat lines',
    reply: { kind: 'raw', headers: ndjsonHeaders, pieces },
    stream: true,
    expect: {
      reasoning: objects.map((object) => (object.thinking as string | undefined) ?? '').join(''),
      content: objects.map((object) => (object.response as string | undefined) ?? '').join(''),
      usage: {
        inputTokens: last.prompt_eval_count as number,
        outputTokens: last.eval_count as number,
      },
      finishReason: 'stop',
    },
  };
}

async function ownCases(): Promise<FixtureCase[]> {
  const toolText = await readOwnFixture('ollama-tool-call.ndjson');
  const toolLines = parseLines(toolText);
  const toolCalls = toolLines.flatMap(
    (line) =>
      ((line.message as Line | undefined)?.tool_calls ?? []) as Array<{
        function: { name: string; arguments: Record<string, unknown> };
      }>,
  );
  const toolLast = toolLines.at(-1) as Line;
  const errorText = await readOwnFixture('ollama-error-mid-stream.ndjson');
  const errorMessage = (parseLines(errorText).at(-1) as { error: string }).error;
  return [
    {
      name: 'ollama-api.md "Chat request (Streaming with tools)"',
      reply: { kind: 'raw', headers: ndjsonHeaders, body: toolText },
      stream: true,
      expect: {
        toolCalls: toolCalls.map((call) => ({
          name: call.function.name,
          arguments: call.function.arguments,
        })),
        usage: {
          inputTokens: toolLast.prompt_eval_count as number,
          outputTokens: toolLast.eval_count as number,
        },
        finishReason: 'tool_calls',
      },
    },
    {
      name: 'ollama-errors.mdx mid-stream error line',
      reply: { kind: 'raw', headers: ndjsonHeaders, body: errorText },
      stream: true,
      expect: {
        error: (error) => ProviderAPIError.isInstance(error) && error.message === errorMessage,
      },
    },
  ];
}

const fixtures = hasSharedDirectory() ? [await attogramCase(), ...(await ownCases())] : [];

describeConformance({
  provider: 'ollama',
  wire: 'ollama',
  // A hosted Ollama takes a bearer key; the suite proves it never reaches an error.
  apiKey: 'ollama-test-key-4b1d9c',
  createLLM: (mock, options) =>
    createLLM('ollama', {
      baseUrl: mock.url,
      apiKey: 'ollama-test-key-4b1d9c',
      model: 'test-model',
      ...options,
    }),
  createAdapter: (baseUrl) =>
    createOllamaAdapter({ baseUrl, apiKey: 'ollama-test-key-4b1d9c', model: 'test-model' }),
  features: { tools: true, reasoning: true, embeddings: true, images: true, seed: true },
  fixtures,
});
