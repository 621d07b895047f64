import type { ProviderRequest } from '@core/types';
import { InvalidRequestError } from '@core/types';
import { validateRequestBody } from '@tooling/conformance';
import { hasSharedDirectory, sharedMissingReason } from '@tooling/fixtures';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildOllamaChatBody } from '../src/build-ollama-chat-body.js';
import { createOllamaAdapter } from '../src/ollama-adapter.js';
import { bodyOf, collect, ollamaAt } from './helpers.js';
import { checkAgainstSchema, readDocumentedMessageFields, readOllamaSchemas } from './ollama-spec.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const weatherTool = {
  name: 'get_weather',
  description: 'Get the weather in a given city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', description: 'The city to get the weather for' } },
    required: ['city'],
  },
};

// One request that uses every field we can send: tools, a tool round trip, images, sampling, format,
// think and keep_alive.
const fullRequest: ProviderRequest = {
  model: 'llava',
  messages: [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'what is in this image, and the weather there?' },
        { type: 'image', image: new Uint8Array([137, 80, 78, 71]) },
      ],
    },
    {
      role: 'assistant',
      content: '',
      reasoning: 'I need the weather.',
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Toronto' } }],
    },
    { role: 'tool', toolCallId: 'call_1', content: '11 degrees celsius' },
  ],
  tools: [weatherTool],
  responseFormat: { type: 'json', schema: { type: 'object', properties: { answer: { type: 'string' } } } },
  temperature: 0.2,
  maxTokens: 64,
  topP: 0.9,
  topK: 20,
  seed: 42,
  stop: ['\n\n'],
};

const specsNote = hasSharedDirectory() ? '' : ` (skipped: ${sharedMissingReason})`;

describe.skipIf(!hasSharedDirectory())(`the /api/chat body against the Ollama spec${specsNote}`, () => {
  it('has only ChatRequest fields, of the right types', async () => {
    const schemas = await readOllamaSchemas([
      'ChatRequest',
      'ChatMessage',
      'ToolCall',
      'ToolDefinition',
      'ModelOptions',
    ]);
    // The OpenAPI file leaves out two message fields that ollama-api.md documents; allow exactly those.
    const documented = await readDocumentedMessageFields();
    expect(documented).toEqual(expect.arrayContaining(['thinking', 'tool_name', 'images', 'tool_calls']));
    const messageExtras = documented.filter((field) => !schemas.get('ChatMessage')?.properties.has(field));
    expect(messageExtras.sort()).toEqual(['thinking', 'tool_name']);

    // The check is not vacuous: OpenAI-isms and wrong types are caught.
    const wrong = {
      model: 'm',
      messages: [{ role: 'tool', content: 1, tool_call_id: 'call_1' }],
      stream: 'yes',
      tool_choice: 'auto',
      options: { num_predict: 1.5 },
    };
    expect(checkAgainstSchema(schemas, 'ChatRequest', wrong, 'body')).toEqual([
      'body.messages[0].content: integer is not string',
      'body.messages[0].tool_call_id: not a property of ChatMessage',
      'body.stream: string is not boolean',
      'body.tool_choice: not a property of ChatRequest',
      'body.options.num_predict: number is not integer',
    ]);

    for (const stream of [false, true]) {
      const { body } = buildOllamaChatBody(fullRequest, stream, { think: 'high', keepAlive: '10m' });
      expect(
        checkAgainstSchema(schemas, 'ChatRequest', body, 'body', { ChatMessage: messageExtras }),
      ).toEqual([]);
      expect(body.stream).toBe(stream);
      // The conformance suite's validator (a real YAML parse and ajv) agrees.
      expect(await validateRequestBody('ollama', body)).toEqual([]);
      for (const tool of body.tools ?? []) {
        expect(checkAgainstSchema(schemas, 'ToolDefinition', tool)).toEqual([]);
        expect(
          Object.keys(tool.function).every((key) => ['name', 'description', 'parameters'].includes(key)),
        ).toBe(true);
      }
    }
  });
});

describe('request body quirks', () => {
  it('puts every documented piece where ollama-api.md shows it', () => {
    const { body, warnings } = buildOllamaChatBody(fullRequest, false, { think: 'high', keepAlive: '10m' });
    expect(warnings).toEqual([]);
    expect(body).toEqual({
      model: 'llava',
      stream: false,
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: 'what is in this image, and the weather there?',
          images: [Buffer.from([137, 80, 78, 71]).toString('base64')],
        },
        {
          role: 'assistant',
          content: '',
          thinking: 'I need the weather.',
          tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Toronto' } } }],
        },
        // "Chat request (With history, with tools)": the result names its tool, found from the call's id.
        { role: 'tool', content: '11 degrees celsius', tool_name: 'get_weather' },
      ],
      tools: [{ type: 'function', function: weatherTool }],
      format: fullRequest.responseFormat?.schema,
      options: { temperature: 0.2, num_predict: 64, top_p: 0.9, top_k: 20, seed: 42, stop: ['\n\n'] },
      think: 'high',
      keep_alive: '10m',
    });
  });
  it('always says stream: true or false, since Ollama streams by default', async () => {
    const llm = ollamaAt(mock);
    await llm.agenerate('hello');
    await collect(await llm.agenerate('hello', { stream: true }));
    expect(bodyOf(mock, 0).stream).toBe(false);
    expect(bodyOf(mock, 1).stream).toBe(true);
    expect(mock.requests.map((request) => request.path)).toEqual(['/api/chat', '/api/chat']);
  });

  it('sends sampling in `options` with Ollama spelling, and nothing when unset', async () => {
    const llm = ollamaAt(mock, { temperature: 0.5, seed: 7 });
    await llm.agenerate('a', { maxTokens: 10, topP: 0.8, topK: 5, stop: ['END'] });
    await ollamaAt(mock).agenerate('b');
    expect(bodyOf(mock, 0).options).toEqual({
      temperature: 0.5,
      seed: 7,
      num_predict: 10,
      top_p: 0.8,
      top_k: 5,
      stop: ['END'],
    });
    expect(bodyOf(mock, 0)).not.toHaveProperty('temperature');
    expect(bodyOf(mock, 1)).not.toHaveProperty('options');
  });

  it('merges providerOptions.options INTO our options; other keys replace top-level fields; stream stays ours', async () => {
    const llm = ollamaAt(mock, { think: true });
    await llm.agenerate('a', {
      temperature: 0.1,
      maxTokens: 20,
      providerOptions: { options: { num_ctx: 8192, temperature: 0.7 }, think: false, stream: true, raw: 1 },
    });
    const body = bodyOf(mock);
    expect(body.options).toEqual({ temperature: 0.7, num_predict: 20, num_ctx: 8192 });
    expect(body.think).toBe(false);
    expect(body.stream).toBe(false);
    expect(body.raw).toBe(1);
  });

  it('sends think and keep_alive from createLLM on every chat request', async () => {
    const llm = ollamaAt(mock, { think: 'high', keepAlive: '10m' });
    await llm.agenerate('a');
    await collect(await llm.agenerate('b', { stream: true }));
    await ollamaAt(mock, { keepAlive: 300 }).agenerate('c');
    expect(bodyOf(mock, 0)).toMatchObject({ think: 'high', keep_alive: '10m' });
    expect(bodyOf(mock, 1)).toMatchObject({ think: 'high', keep_alive: '10m', stream: true });
    expect(bodyOf(mock, 2).keep_alive).toBe(300);
    expect(bodyOf(mock, 2)).not.toHaveProperty('think');
  });

  it('rejects think and keepAlive values Ollama does not take, naming the option', async () => {
    expect(() => createOllamaAdapter({ think: 'extreme' })).toThrow(/think must be/);
    expect(() => createOllamaAdapter({ keepAlive: { minutes: 5 } })).toThrow(/keepAlive must be/);
    await expect(ollamaAt(mock, { think: 'extreme' }).agenerate('a')).rejects.toThrow(TypeError);
  });

  it('sends format: the schema for structured output, or "json" without one', async () => {
    const adapter = createOllamaAdapter({ baseUrl: mock.url });
    const schema = { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] };
    const base = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };
    await adapter.doGenerate({ ...base, responseFormat: { type: 'json', schema } });
    await adapter.doGenerate({ ...base, responseFormat: { type: 'json' } });
    await adapter.doGenerate(base);
    expect(bodyOf(mock, 0).format).toEqual(schema);
    expect(bodyOf(mock, 1).format).toBe('json');
    expect(bodyOf(mock, 2)).not.toHaveProperty('format');
    await adapter.unload();
  });

  it('approximates toolChoice: none sends no tools, a name sends that tool only', async () => {
    const other = { ...weatherTool, name: 'get_time' };
    const llm = ollamaAt(mock);
    const tools = [weatherTool, other];
    await llm.agenerate('a', { tools, toolChoice: 'none' });
    await llm.agenerate('b', { tools, toolChoice: { name: 'get_time' } });
    await llm.agenerate('c', { tools, toolChoice: 'required' });
    expect(bodyOf(mock, 0)).not.toHaveProperty('tools');
    expect(bodyOf(mock, 1).tools).toEqual([{ type: 'function', function: other }]);
    expect((bodyOf(mock, 2).tools as unknown[]).length).toBe(2);
    expect(bodyOf(mock, 2)).not.toHaveProperty('tool_choice');
  });

  it('sends images as base64: bytes encoded, data URLs cut to their payload', async () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
    const base64 = Buffer.from(png).toString('base64');
    await ollamaAt(mock).agenerate([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'compare' },
          { type: 'image', image: png, mediaType: 'image/png' },
          { type: 'image', image: `data:image/png;base64,${base64}` },
          { type: 'image', image: new URL(`data:image/png;base64,${base64}`) },
          { type: 'image', image: base64 },
        ],
      },
    ]);
    const messages = bodyOf(mock).messages as Array<Record<string, unknown>>;
    expect(messages).toEqual([
      { role: 'user', content: 'compare', images: [base64, base64, base64, base64] },
    ]);
  });

  it('refuses a remote image URL with an InvalidRequestError before sending anything', async () => {
    const llm = ollamaAt(mock);
    for (const image of ['https://example.com/cat.png', new URL('http://example.com/cat.png')]) {
      const failure = await llm
        .agenerate([{ role: 'user', content: [{ type: 'image', image }] }])
        .catch((error: unknown) => error);
      expect(InvalidRequestError.isInstance(failure)).toBe(true);
      expect((failure as Error).message).toMatch(/does not fetch URLs/);
      expect((failure as InvalidRequestError).provider).toBe('ollama');
    }
    await expect(
      llm.agenerate([{ role: 'user', content: [{ type: 'image', image: 'data:image/png,not-base64' }] }]),
    ).rejects.toThrow(/base64/);
    expect(mock.requests).toHaveLength(0);
  });

  it('sends no Authorization by default, and apiKey as a bearer token for a hosted Ollama', async () => {
    await ollamaAt(mock).agenerate('a');
    await ollamaAt(mock, { apiKey: 'ollama-secret-key' }).agenerate('b');
    expect(mock.requests[0]?.headers.authorization).toBeUndefined();
    expect(mock.requests[1]?.headers.authorization).toBe('Bearer ollama-secret-key');
  });

  it('refuses a baseUrl, model or apiKey that is not a string, naming it', () => {
    expect(() => createOllamaAdapter({ baseUrl: 11434 as unknown as string })).toThrow(
      /ollama: baseUrl must be a string/,
    );
    expect(() => createOllamaAdapter({ model: ['qwen3'] as unknown as string })).toThrow(
      /ollama: model must be a string/,
    );
    expect(() => createOllamaAdapter({ apiKey: true as unknown as string })).toThrow(
      /ollama: apiKey must be a string/,
    );
    expect(createOllamaAdapter({ model: '' }).defaultModel).toBe('qwen3:4b');
  });

  it('reads OLLAMA_BASE_URL when no baseUrl is given, and uses qwen3:4b when no model is', async () => {
    const saved = process.env.OLLAMA_BASE_URL;
    process.env.OLLAMA_BASE_URL = mock.url;
    try {
      const adapter = createOllamaAdapter({});
      expect(adapter.defaultModel).toBe('qwen3:4b');
      await adapter.doGenerate({ model: 'qwen3:4b', messages: [{ role: 'user', content: 'x' }] });
      expect(bodyOf(mock).model).toBe('qwen3:4b');
      await adapter.unload();
    } finally {
      if (saved === undefined) delete process.env.OLLAMA_BASE_URL;
      else process.env.OLLAMA_BASE_URL = saved;
    }
  });
});
