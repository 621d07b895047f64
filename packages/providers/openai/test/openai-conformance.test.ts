import { createLLM } from '@core/session';
import { InvalidRequestError } from '@core/types';
import { describeConformance, type FixtureCase } from '@tooling/conformance';
import { hasSharedDirectory, readFixtureText } from '@tooling/fixtures';
import { createOpenAIAdapter } from '../src/openai-adapter.js';
import {
  expectFromCompletion,
  expectFromStream,
  type RecordedExpectation,
  readChunkLines,
  readSseData,
} from './recorded-expectations.js';

const apiKey = 'sk-test-conformance-4f8a2c9e1b7d';

function expectation(expected: RecordedExpectation): FixtureCase['expect'] {
  return {
    content: expected.content,
    toolCalls: expected.toolCalls.map(({ name, arguments: args }) => ({ name, arguments: args })),
    usage: expected.usage,
    finishReason: expected.finishReason,
  };
}

// An error body's message and code, read from the file; the provider must throw them as an InvalidRequestError.
function invalidRequestWith(error: { message: string; code: string }): FixtureCase['expect'] {
  return {
    error: (thrown) =>
      InvalidRequestError.isInstance(thrown) &&
      thrown.status === 400 &&
      thrown.message === error.message &&
      thrown.code === error.code,
  };
}

async function recordedFixtures(): Promise<FixtureCase[]> {
  const text = 'openai/vercel-ai__openai-text.chunks.txt';
  const textJson = 'openai/vercel-ai__openai-text.json';
  const azure = 'openai/vercel-ai__azure-model-router.1.chunks.txt';
  const toolLoop = 'derived/pydantic-ai__test_run_stream_sync_streams_real_model';
  const mistral = 'openai-compatible/vercel-ai__mistral-tool-call.chunks.txt';
  const anthropicFallback = 'openai-compatible/vercel-ai__anthropic-fallback-tool-call.sse';
  const developerRole = 'derived/pydantic-ai__test_openai_o1_mini_system_role-developer.0.response.json';
  const legacyParameter = 'openai/vercel-ai__reasoning-model-legacy-parameter-error.json';
  const textJsonBody = await readFixtureText(textJson);
  const legacyParameterBody = await readFixtureText(legacyParameter);
  const developerRoleBody = (
    JSON.parse(await readFixtureText(developerRole)) as { body: { error: { message: string; code: string } } }
  ).body;
  return [
    {
      name: text,
      reply: { kind: 'fixture', path: text, format: 'chunks-sse' },
      stream: true,
      expect: expectation(expectFromStream(await readChunkLines(text))),
    },
    {
      name: textJson,
      reply: {
        kind: 'raw',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: textJsonBody,
      },
      stream: false,
      expect: expectation(expectFromCompletion(JSON.parse(textJsonBody))),
    },
    {
      name: azure,
      reply: { kind: 'fixture', path: azure, format: 'chunks-sse' },
      stream: true,
      expect: expectation(expectFromStream(await readChunkLines(azure))),
    },
    {
      name: `${toolLoop}.0.response.sse`,
      reply: { kind: 'fixture', path: `${toolLoop}.0.response.sse` },
      stream: true,
      expect: expectation(expectFromStream(await readSseData(`${toolLoop}.0.response.sse`))),
    },
    {
      name: `${toolLoop}.1.response.sse`,
      reply: { kind: 'fixture', path: `${toolLoop}.1.response.sse` },
      stream: true,
      expect: expectation(expectFromStream(await readSseData(`${toolLoop}.1.response.sse`))),
    },
    {
      name: mistral,
      reply: { kind: 'fixture', path: mistral, format: 'chunks-sse' },
      stream: true,
      expect: expectation(expectFromStream(await readChunkLines(mistral))),
    },
    {
      name: anthropicFallback,
      reply: { kind: 'fixture', path: anthropicFallback },
      stream: true,
      expect: expectation(expectFromStream(await readSseData(anthropicFallback))),
    },
    {
      name: `${developerRole} (non-stream)`,
      reply: { kind: 'fixture', path: developerRole, format: 'response-json' },
      stream: false,
      expect: invalidRequestWith(developerRoleBody.error),
    },
    {
      name: `${developerRole} (stream)`,
      reply: { kind: 'fixture', path: developerRole, format: 'response-json' },
      stream: true,
      expect: invalidRequestWith(developerRoleBody.error),
    },
    {
      name: legacyParameter,
      reply: {
        kind: 'raw',
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: legacyParameterBody,
      },
      stream: false,
      expect: invalidRequestWith(
        (JSON.parse(legacyParameterBody) as { error: { message: string; code: string } }).error,
      ),
    },
  ];
}

describeConformance({
  provider: 'openai',
  wire: 'openai',
  apiKey,
  createLLM: (mock, options) =>
    createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey, model: 'test-model', ...options }),
  createAdapter: (baseUrl) => createOpenAIAdapter({ baseUrl, apiKey, model: 'test-model' }),
  features: { tools: true, reasoning: true, embeddings: true, images: true, seed: true },
  // Without ../shared the suite skips these cases and says why.
  fixtures: hasSharedDirectory() ? await recordedFixtures() : [],
});
