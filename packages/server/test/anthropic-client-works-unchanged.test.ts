import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postSse } from './support/sse-client.js';
import { type Stack, startStack } from './support/start-stack.js';
import {
  type AnthropicAnswerSchema,
  anthropicViolations,
  canValidateAnthropicAnswers,
} from './support/validate-anthropic-answer.js';

// The official `@anthropic-ai/sdk` client, pointed at `/v1/messages` of this server over an OpenAI-wire
// upstream (mock-llm): if it works unchanged, Anthropic's other clients and the tools built on them do too.
// Every answer and event is also checked against Anthropic's published schema when ../shared is there.

const token = 'server-token-for-tests';
let stack: Stack;
let client: Anthropic;

beforeAll(async () => {
  stack = await startStack({ server: { authToken: token } });
  // `authToken` makes the SDK send `Authorization: Bearer`; no client retries, so each scripted reply is seen once.
  client = new Anthropic({ baseURL: stack.url, apiKey: null, authToken: token, maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.mock.reset());

async function expectConforms(schema: AnthropicAnswerSchema, value: unknown): Promise<void> {
  if (!canValidateAnthropicAnswers) return;
  expect(await anthropicViolations(schema, value)).toEqual([]);
}

const weatherTool = {
  name: 'get_weather',
  description: 'The weather in a city',
  input_schema: {
    type: 'object' as const,
    properties: { city: { type: 'string' } },
    required: ['city'],
  },
};

describe('text answers', () => {
  it.skipIf(!canValidateAnthropicAnswers)('the spec check itself catches a broken answer', async () => {
    expect(await anthropicViolations('Message', { type: 'message', content: [] })).not.toEqual([]);
  });

  it('answers with a message carrying a text block, end_turn and usage', async () => {
    stack.mock.enqueue({ kind: 'text', text: 'Paris is the capital.', usage: { input: 7, output: 4 } });
    const message = await client.messages.create({
      model: 'mock-model',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    expect(message).toEqual({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      model: 'mock-model',
      content: [{ type: 'text', text: 'Paris is the capital.', citations: null }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 7,
        output_tokens: 4,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        cache_creation: null,
        server_tool_use: null,
        service_tier: null,
      },
    });
    await expectConforms('Message', message);
    expect(stack.mock.requests[0]?.body).toMatchObject({
      model: 'mock-model',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
  });

  it('system, stop_sequences and sampling options reach the provider', async () => {
    stack.mock.enqueue({ kind: 'text', text: 'Brief.', usage: { input: 12, output: 1 } });
    // SDK 1.14's types dropped the sampling fields that newer models refuse; older models and other servers take them.
    const message = await client.messages.create({
      model: 'other-model',
      max_tokens: 50,
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Be kind.' },
      ],
      messages: [{ role: 'user', content: 'hi' }],
      stop_sequences: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'someone' },
    } as Anthropic.MessageCreateParamsNonStreaming);
    expect(message.model).toBe('other-model');
    expect(message.usage).toMatchObject({ input_tokens: 12, output_tokens: 1 });
    expect(stack.mock.requests[0]?.body).toMatchObject({
      model: 'other-model',
      max_tokens: 50,
      stop: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      messages: [
        { role: 'system', content: 'Be brief.\n\nBe kind.' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('maps a length stop to max_tokens', async () => {
    stack.mock.enqueue({ kind: 'text', text: 'cut', finishReason: 'length' });
    const message = await client.messages.create({
      model: 'mock-model',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.stop_reason).toBe('max_tokens');
  });

  it("streams Anthropic's event sequence, and the SDK's stream helper assembles the message", async () => {
    stack.mock.enqueue({ kind: 'text', chunks: ['Hel', 'lo', ' world'], usage: { input: 3, output: 3 } });
    const stream = client.messages.stream({
      model: 'mock-model',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts).toEqual(['Hel', 'lo', ' world']);
    expect(message).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      model: 'mock-model',
      content: [{ type: 'text', text: 'Hello world' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 3 },
    });
  });

  it('sends each event with its event: line, in order, each valid against the spec', async () => {
    stack.mock.enqueue({ kind: 'text', chunks: ['a', 'b'], usage: { input: 2, output: 2 } });
    const events: Array<{ type: string }> = [];
    const stream = await client.messages.create({
      model: 'mock-model',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events.at(-2)).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: {
        input_tokens: 2,
        output_tokens: 2,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        server_tool_use: null,
      },
    });
    for (const event of events) await expectConforms('MessageStreamEvent', event);

    // The SDK dispatches on the `event:` line: each data line's type must match it.
    stack.mock.enqueue({ kind: 'text', chunks: ['a'] });
    const raw = await postSse(
      `${stack.url}/v1/messages`,
      { model: 'mock-model', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(raw.headers['content-type']).toMatch(/^text\/event-stream/);
    const names = [...raw.body.matchAll(/^event: (\S+)\ndata: (.*)$/gm)].map((match) => {
      expect((JSON.parse(match[2] as string) as { type: string }).type).toBe(match[1]);
      return match[1];
    });
    expect(names[0]).toBe('message_start');
    expect(names.at(-1)).toBe('message_stop');
  });
});

describe('tools', () => {
  it('returns tool_use blocks with parsed input and stop_reason tool_use; tools and tool_choice go upstream', async () => {
    stack.mock.enqueue({
      kind: 'text',
      toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: { city: 'Paris' } }],
    });
    const message = await client.messages.create({
      model: 'mock-model',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather' },
    });
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_w1', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    await expectConforms('Message', message);
    expect(stack.mock.requests[0]?.body).toMatchObject({
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'The weather in a city',
            parameters: weatherTool.input_schema,
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
  });

  it('streams a tool call the SDK parses into a tool_use block, after the text before it', async () => {
    stack.mock.enqueue({
      kind: 'text',
      chunks: ['Let me check.'],
      toolCalls: [{ id: 'call_w2', name: 'get_weather', arguments: { city: 'Oslo' } }],
      usage: { input: 9, output: 6 },
    });
    const stream = client.messages.stream({
      model: 'mock-model',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [weatherTool],
      tool_choice: { type: 'any' },
    });
    const jsonParts: string[] = [];
    stream.on('inputJson', (partial) => jsonParts.push(partial));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([
      { type: 'text', text: 'Let me check.', citations: null },
      { type: 'tool_use', id: 'call_w2', name: 'get_weather', input: { city: 'Oslo' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 9, output_tokens: 6 });
    expect(jsonParts).toEqual(['{"city":"Oslo"}']);
    expect(stack.mock.requests[0]?.body).toMatchObject({ tool_choice: 'required' });
  });

  it('carries a tool_result round trip to the provider as a tool message', async () => {
    stack.mock.enqueue({ kind: 'text', text: 'It is sunny in Paris.' });
    const message = await client.messages.create({
      model: 'mock-model',
      max_tokens: 100,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny, 24°C' }] },
            { type: 'text', text: 'And so?' },
          ],
        },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'It is sunny in Paris.', citations: null }]);
    expect(stack.mock.requests[0]?.body).toMatchObject({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            {
              id: 'toolu_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny, 24°C' },
        { role: 'user', content: [{ type: 'text', text: 'And so?' }] },
      ],
    });
  });
});

describe('errors', () => {
  it("answers a bad request in Anthropic's error shape, and the SDK throws its BadRequestError", async () => {
    const failure = await client.messages
      .create({ model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] } as never)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
    const body = (failure as InstanceType<typeof Anthropic.BadRequestError>).error;
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((body as { error: { message: string } }).error.message).toContain('max_tokens');
    await expectConforms('ErrorResponse', body);
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('refuses a block it cannot carry with a 400 naming it', async () => {
    const failure = await client.messages
      .create({
        model: 'mock-model',
        max_tokens: 10,
        messages: [
          {
            role: 'user',
            content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } }],
          },
        ],
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
    expect((failure as Error).message).toContain("'document'");
  });

  it('answers a missing token with a 401 in the same shape', async () => {
    const anonymous = new Anthropic({ baseURL: stack.url, apiKey: 'wrong', maxRetries: 0 });
    const failure = await anonymous.messages
      .create({ model: 'mock-model', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.AuthenticationError);
    const body = (failure as InstanceType<typeof Anthropic.AuthenticationError>).error;
    expect(body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    await expectConforms('ErrorResponse', body);
  });

  it('maps an upstream failure to a 5xx in the same shape', async () => {
    stack.mock.enqueue({ kind: 'status', status: 500 });
    const failure = await client.messages
      .create({ model: 'mock-model', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.InternalServerError);
    const body = (failure as InstanceType<typeof Anthropic.InternalServerError>).error;
    expect(body).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    await expectConforms('ErrorResponse', body);
  });

  it('a failure mid-stream arrives as an error event the SDK throws', async () => {
    stack.mock.enqueue({ kind: 'error-event', afterChunks: 1, message: 'upstream overloaded' });
    const stream = await client.messages.create({
      model: 'mock-model',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const types: string[] = [];
    const failure = await (async () => {
      for await (const event of stream) types.push(event.type);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    const body = (failure as InstanceType<typeof Anthropic.APIError>).error as { error: { message: string } };
    expect(body).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(body.error.message).toContain('upstream overloaded');
    await expectConforms('ErrorResponse', body);
    expect(types).toContain('content_block_delta');
    expect(types).not.toContain('message_stop');
  });
});
