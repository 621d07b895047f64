import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonEvents, postSse } from './support/sse-client.js';
import { type Stack, startStack } from './support/start-stack.js';
import {
  canValidateOpenAiAnswers,
  type OpenAiAnswerSchema,
  openAiViolations,
} from './support/validate-openai-answer.js';

// Every OpenAI-shaped answer of the server, read raw off the wire (no client in between to fill gaps), is
// checked against the schema OpenAI publishes (../shared/specs/openai-openapi.yaml). Without ../shared the
// whole file is skipped: there is nothing to check against.

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.mock.reset());

async function expectConforms(schema: OpenAiAnswerSchema, value: unknown): Promise<void> {
  expect(await openAiViolations(schema, value), JSON.stringify(value)).toEqual([]);
}

async function getJson(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${stack.url}${path}`);
  return { status: response.status, body: await response.json() };
}

async function postJson(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe.skipIf(!canValidateOpenAiAnswers)("OpenAI answers match OpenAI's published schemas", () => {
  it('the spec check itself catches a broken answer', async () => {
    const chunk = {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'mock-model',
      choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }],
    };
    await expectConforms('CreateChatCompletionStreamResponse', chunk);
    // `system_fingerprint` is a string in the spec; `null` is refused.
    expect(
      await openAiViolations('CreateChatCompletionStreamResponse', { ...chunk, system_fingerprint: null }),
    ).not.toEqual([]);
    // A missing required field (`created`) is refused.
    const { created: _created, ...withoutCreated } = chunk;
    expect(await openAiViolations('CreateChatCompletionStreamResponse', withoutCreated)).not.toEqual([]);
    // An error body without `param` and `code` (both required, nullable) is refused.
    expect(
      await openAiViolations('ErrorResponse', { error: { message: 'x', type: 'invalid_request_error' } }),
    ).not.toEqual([]);
  });

  it('a chat completion is a CreateChatCompletionResponse', async () => {
    stack.mock.enqueue({ kind: 'text', text: 'Paris is the capital.', usage: { input: 7, output: 4 } });
    const { status, body } = await postJson('/v1/chat/completions', {
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    expect(status).toBe(200);
    await expectConforms('CreateChatCompletionResponse', body);
  });

  it('a chat completion with tool calls is a CreateChatCompletionResponse', async () => {
    stack.mock.enqueue({
      kind: 'text',
      toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: { city: 'Paris' } }],
    });
    const { status, body } = await postJson('/v1/chat/completions', {
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ choices: [{ finish_reason: 'tool_calls' }] });
    await expectConforms('CreateChatCompletionResponse', body);
  });

  it('each text stream chunk, the usage chunk included, is a CreateChatCompletionStreamResponse', async () => {
    stack.mock.enqueue({ kind: 'text', chunks: ['Hel', 'lo'], usage: { input: 3, output: 2 } });
    const result = await postSse(`${stack.url}/v1/chat/completions`, {
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(result.status).toBe(200);
    expect(result.events.at(-1)).toBe('[DONE]');
    const chunks = jsonEvents<{ choices: unknown[]; usage?: unknown }>(result);
    expect(chunks.length).toBeGreaterThan(2);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
    for (const chunk of chunks) await expectConforms('CreateChatCompletionStreamResponse', chunk);
  });

  it('each chunk of a tool-call stream is a CreateChatCompletionStreamResponse', async () => {
    stack.mock.enqueue({
      kind: 'text',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'call_b', name: 'get_weather', arguments: { city: 'Rome' } },
      ],
    });
    const result = await postSse(`${stack.url}/v1/chat/completions`, {
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
      tools: [weatherTool],
      stream: true,
    });
    expect(result.status).toBe(200);
    const chunks = jsonEvents<{ choices: { delta: { tool_calls?: unknown[] } }[] }>(result);
    expect(chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).length).toBeGreaterThan(1);
    for (const chunk of chunks) await expectConforms('CreateChatCompletionStreamResponse', chunk);
  });

  it('GET /v1/models is a ListModelsResponse and GET /v1/models/:id a Model', async () => {
    const list = await getJson('/v1/models');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ object: 'list', data: [{ id: 'mock-model' }] });
    await expectConforms('ListModelsResponse', list.body);
    const model = await getJson('/v1/models/mock-model');
    expect(model.status).toBe(200);
    await expectConforms('Model', model.body);
  });

  it('POST /v1/embeddings (float) is a CreateEmbeddingResponse', async () => {
    // The spec types `embedding` as an array of numbers only; the base64 form (a string) is not described.
    const { status, body } = await postJson('/v1/embeddings', {
      model: 'embed-model',
      input: ['hello world', 'bye'],
      encoding_format: 'float',
    });
    expect(status).toBe(200);
    await expectConforms('CreateEmbeddingResponse', body);
  });

  it('error bodies are ErrorResponses', async () => {
    const missingModel = await getJson('/v1/models/nope');
    expect(missingModel.status).toBe(404);
    await expectConforms('ErrorResponse', missingModel.body);

    const badRequest = await postJson('/v1/chat/completions', { model: 'mock-model' });
    expect(badRequest.status).toBe(400);
    await expectConforms('ErrorResponse', badRequest.body);

    stack.mock.enqueue({ kind: 'status', status: 429, retryAfter: '7' });
    const upstream = await postJson('/v1/chat/completions', {
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(upstream.status).toBe(429);
    await expectConforms('ErrorResponse', upstream.body);
  });
});
