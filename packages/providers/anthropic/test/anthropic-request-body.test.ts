import { createLLM } from '@core/session';
import type { Message, ProviderAdapter, ProviderRequest, ToolDefinition } from '@core/types';
import { validateRequestBody } from '@tooling/conformance';
import { hasSharedDirectory, sharedMissingReason } from '@tooling/fixtures';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicAdapter } from '../src/anthropic-adapter.js';
import { buildAnthropicRequestBody } from '../src/build-anthropic-request-body.js';

const apiKey = 'sk-ant-test-request-body-0123456789';
let mock: MockLlm;
let adapter: ProviderAdapter;

beforeAll(async () => {
  mock = await startMockLlm({ models: ['claude-a'] });
  adapter = createAnthropicAdapter({ baseUrl: mock.url, apiKey, headers: { 'anthropic-beta': 'test-beta' } });
});
afterAll(async () => {
  await adapter.unload();
  await mock.close();
});
beforeEach(() => mock.reset());

const weatherTool: ToolDefinition = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const toolSpec = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: weatherTool.parameters as Record<string, unknown>,
};

function request(overrides: Partial<ProviderRequest> = {}): ProviderRequest {
  return { model: 'test-model', messages: [{ role: 'user', content: 'hi' }], ...overrides };
}

async function sentBody(overrides: Partial<ProviderRequest> = {}): Promise<Record<string, unknown>> {
  mock.enqueue({ kind: 'text', text: 'ok' });
  await adapter.doGenerate(request(overrides));
  return mock.requests.at(-1)?.body as Record<string, unknown>;
}

describe('headers', () => {
  it('sends the key as x-api-key with anthropic-version, never as Authorization', async () => {
    await sentBody();
    const headers = mock.requests.at(-1)?.headers ?? {};
    expect(mock.requests.at(-1)?.path).toBe('/v1/messages');
    expect(headers['x-api-key']).toBe(apiKey);
    expect(headers['anthropic-version']).toBe('2023-06-01');
    expect(headers['anthropic-beta']).toBe('test-beta');
    expect(headers.authorization).toBeUndefined();
  });

  it('lists models with the same headers', async () => {
    await adapter.listModels();
    const listed = mock.requests.at(-1);
    expect(listed?.path).toBe('/v1/models');
    expect(listed?.headers['x-api-key']).toBe(apiKey);
    expect(listed?.headers['anthropic-version']).toBe('2023-06-01');
    expect(listed?.headers.authorization).toBeUndefined();
  });
});

describe('body', () => {
  it('always sends max_tokens: 4096 by default, maxTokens when given', async () => {
    expect((await sentBody()).max_tokens).toBe(4096);
    expect((await sentBody({ maxTokens: 77 })).max_tokens).toBe(77);
  });

  it('spells sampling options the Anthropic way and never sends seed', async () => {
    const body = await sentBody({ temperature: 0.3, topP: 0.9, topK: 40, stop: ['END', '###'], seed: 7 });
    expect(body).toMatchObject({ temperature: 0.3, top_p: 0.9, top_k: 40, stop_sequences: ['END', '###'] });
    expect(Object.keys(body).filter((key) => /seed|stop$|topP|maxTokens/.test(key))).toEqual([]);
    expect(body.stream).toBeUndefined();
  });

  it('puts every system message into the top-level system field, joined', async () => {
    const body = await sentBody({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'Answer in French.' },
      ],
    });
    expect(body.system).toBe('Be brief.\n\nAnswer in French.');
    expect(body.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('merges providerOptions in last, unchanged', async () => {
    const body = await sentBody({
      maxTokens: 10,
      providerOptions: { max_tokens: 2048, metadata: { user_id: 'u1' } },
    });
    expect(body).toMatchObject({ max_tokens: 2048, metadata: { user_id: 'u1' } });
  });

  it('sends tools as {name, description, input_schema} and maps every toolChoice', async () => {
    const cases: Array<[ProviderRequest['toolChoice'], unknown]> = [
      [undefined, undefined],
      ['auto', { type: 'auto' }],
      ['none', { type: 'none' }],
      ['required', { type: 'any' }],
      [{ name: 'get_weather' }, { type: 'tool', name: 'get_weather' }],
    ];
    for (const [toolChoice, expected] of cases) {
      const body = await sentBody({ tools: [toolSpec], toolChoice });
      expect(body.tools).toEqual([
        { name: 'get_weather', description: 'The weather in a city', input_schema: toolSpec.parameters },
      ]);
      expect(body.tool_choice).toEqual(expected);
    }
    const withoutTools = await sentBody({ toolChoice: 'auto' });
    expect(withoutTools.tools).toBeUndefined();
    expect(withoutTools.tool_choice).toBeUndefined();
  });

  it('turns image bytes, data URLs and https URLs into image sources', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    const body = await sentBody({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image', image: png },
            { type: 'image', image: jpeg },
            { type: 'image', image: 'data:image/gif;base64,R0lGODlh' },
            { type: 'image', image: new URL('https://example.com/cat.webp') },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          {
            type: 'image',
            source: { type: 'base64', media_type: 'image/png', data: Buffer.from(png).toString('base64') },
          },
          {
            type: 'image',
            source: { type: 'base64', media_type: 'image/jpeg', data: Buffer.from(jpeg).toString('base64') },
          },
          { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'R0lGODlh' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.webp' } },
        ],
      },
    ]);
  });
});

describe('structured output through a forced tool', () => {
  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

  it('offers the schema as a tool and forces it', async () => {
    const body = await sentBody({ responseFormat: { type: 'json', schema } });
    expect(body.tools).toEqual([{ name: 'json', description: expect.any(String), input_schema: schema }]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json' });
  });

  it('names the tool after the response format, in the characters tool names allow', async () => {
    const body = await sentBody({ responseFormat: { type: 'json', schema, name: 'weather report!' } });
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'weather_report_' });
  });

  it("beside the caller's tools it asks for any tool; with thinking on it forces nothing", async () => {
    const withTools = await sentBody({ tools: [toolSpec], responseFormat: { type: 'json', schema } });
    expect((withTools.tools as Array<{ name: string }>).map((tool) => tool.name)).toEqual([
      'get_weather',
      'json',
    ]);
    expect(withTools.tool_choice).toEqual({ type: 'any' });
    const thinking = await sentBody({
      responseFormat: { type: 'json', schema },
      providerOptions: { thinking: { type: 'enabled', budget_tokens: 1024 } },
    });
    expect(thinking.tool_choice).toEqual({ type: 'auto' });
  });

  it('returns the tool input as the content, non-stream', async () => {
    mock.enqueue({ kind: 'text', text: '', toolCalls: [{ name: 'json', arguments: { answer: 'Paris' } }] });
    const result = await adapter.doGenerate(request({ responseFormat: { type: 'json', schema } }));
    expect(result).toMatchObject({
      content: '{"answer":"Paris"}',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'tool_use',
    });
  });

  it('honours a schema-less JSON request with the same forced tool, taking any object', async () => {
    const body = await sentBody({ responseFormat: { type: 'json' } });
    expect(body.tools).toEqual([
      {
        name: 'json',
        description: expect.any(String),
        input_schema: { type: 'object', additionalProperties: true },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json' });
  });
});

describe.skipIf(!hasSharedDirectory())(
  `bodies against the Anthropic OpenAPI mirror ${hasSharedDirectory() ? '' : sharedMissingReason}`,
  () => {
    const conversation: Message[] = [
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in the picture, and the weather there?' },
          { type: 'image', image: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), mediaType: 'image/png' },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me check.',
        reasoningBlocks: [
          { text: 'The picture shows Paris.', signature: 'sig-1' },
          { text: '', redactedData: 'opaque' },
        ],
        toolCalls: [{ id: 'toolu_01', name: 'get_weather', arguments: { city: 'Paris' } }],
      },
      { role: 'tool', toolCallId: 'toolu_01', content: '{"temperature":18}', isError: false },
      { role: 'user', content: 'Thanks.' },
    ];

    it.each([
      ['a plain call', request()],
      [
        'every sampling option',
        request({ temperature: 0.5, topP: 0.9, topK: 5, stop: ['x'], maxTokens: 5, seed: 1 }),
      ],
      [
        'tools, a tool choice and a whole conversation',
        request({ messages: conversation, tools: [toolSpec], toolChoice: 'required' }),
      ],
      ['structured output', request({ responseFormat: { type: 'json', schema: { type: 'object' } } })],
      ['JSON without a schema', request({ responseFormat: { type: 'json' } })],
      ['reasoning', request({ reasoning: { effort: 'high' }, tools: [toolSpec], toolChoice: 'required' })],
      ['reasoning off', request({ reasoning: false, temperature: 0.2 })],
    ])(
      '%s conforms to CreateMessageParams, stream and not',
      async (_, providerRequest) => {
        for (const stream of [false, true]) {
          const { body } = buildAnthropicRequestBody(providerRequest, stream);
          expect(await validateRequestBody('anthropic', body)).toEqual([]);
        }
      },
      30_000,
    );

    it('what createLLM sends for a tool conversation conforms too', async () => {
      mock.enqueue({ kind: 'text', text: 'ok' });
      const llm = createLLM('anthropic', { baseUrl: mock.url, apiKey, model: 'test-model' });
      await llm.agenerate(conversation, { tools: [weatherTool], temperature: 0.2 });
      await llm.unloadModel();
      expect(await validateRequestBody('anthropic', mock.requests.at(-1)?.body)).toEqual([]);
    }, 30_000);
  },
);
