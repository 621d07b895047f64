import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/start-stack.js';

// The official `openai` npm client, pointed at this server, is the caller: if it works unchanged, OpenAI's
// other clients have what they need too.

const token = 'server-token-for-tests';
let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack({ server: { authToken: token } });
  // No client retries: each scripted upstream reply must be seen exactly once.
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: token, maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.mock.reset());

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('plain completions', () => {
  it('answers with a chat.completion carrying the text, finish reason and usage', async () => {
    stack.mock.enqueue({ kind: 'text', text: 'Paris is the capital.', usage: { input: 7, output: 4 } });
    const completion = await client.chat.completions.create({
      model: 'mock-model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
      ],
    });
    expect(completion).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'mock-model',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Paris is the capital.', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 7, completion_tokens: 4, total_tokens: 11 },
    });
    expect(stack.mock.requests[0]?.body).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
      ],
    });
  });

  it("uses the request's model for that call, and sampling options reach the provider", async () => {
    const completion = await client.chat.completions.create({
      model: 'other-model',
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 50,
      stop: ['END'],
      seed: 7,
    });
    expect(completion.model).toBe('other-model');
    expect(stack.mock.requests[0]?.body).toMatchObject({
      model: 'other-model',
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      stop: ['END'],
      seed: 7,
    });
  });

  it('maps developer messages and text parts', async () => {
    const completion = await client.chat.completions.create({
      model: 'mock-model',
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'Rules.' }] },
        { role: 'user', content: [{ type: 'text', text: 'part one' }] },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('Echo: part one');
    expect(stack.mock.requests[0]?.body).toMatchObject({
      messages: [
        { role: 'system', content: 'Rules.' },
        { role: 'user', content: [{ type: 'text', text: 'part one' }] },
      ],
    });
  });
});

describe('streamed completions', () => {
  it('streams chat.completion.chunk events: the role first, then content, then the finish reason', async () => {
    stack.mock.enqueue({ kind: 'text', chunks: ['Hel', 'lo', ' world'] });
    const stream = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const envelope = {
      id: chunks[0]?.id,
      object: 'chat.completion.chunk',
      created: chunks[0]?.created,
      model: 'mock-model',
    };
    expect(chunks[0]?.id).toMatch(/^chatcmpl-/);
    expect(chunks).toEqual([
      {
        ...envelope,
        choices: [
          { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
        ],
      },
      {
        ...envelope,
        choices: [{ index: 0, delta: { content: 'Hel' }, logprobs: null, finish_reason: null }],
      },
      { ...envelope, choices: [{ index: 0, delta: { content: 'lo' }, logprobs: null, finish_reason: null }] },
      {
        ...envelope,
        choices: [{ index: 0, delta: { content: ' world' }, logprobs: null, finish_reason: null }],
      },
      { ...envelope, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] },
    ]);
  });

  it('with stream_options.include_usage, ends with a choices: [] event carrying the usage', async () => {
    stack.mock.enqueue({ kind: 'text', chunks: ['a', 'b'], usage: { input: 3, output: 2 } });
    const stream = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
  });

  it("the client's stream helper assembles the whole message", async () => {
    stack.mock.enqueue({ kind: 'text', chunks: ['one', ' two', ' three'] });
    const runner = client.chat.completions.stream({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'count' }],
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('one two three');
    expect(final.choices[0]?.finish_reason).toBe('stop');
  });

  it('a failure after the first chunk arrives in-band and the client throws it inside the for await', async () => {
    stack.mock.enqueue({
      kind: 'error-event',
      afterChunks: 1,
      message: 'upstream overloaded',
      code: 'overloaded',
    });
    const stream = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const contents: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).message).toContain('upstream overloaded');
    expect((failure as InstanceType<typeof OpenAI.APIError>).type).toBe('upstream_error');
    expect(contents.join('')).not.toBe('');
  });
});

describe('tools', () => {
  it('returns tool calls in OpenAI shape, with the tools and tool_choice sent upstream', async () => {
    stack.mock.enqueue({
      kind: 'text',
      toolCalls: [{ id: 'call_w1', name: 'get_weather', arguments: { city: 'Paris' } }],
    });
    const completion = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          {
            id: 'call_w1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    });
    expect(stack.mock.requests[0]?.body).toMatchObject({
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
  });

  it('streams tool calls as delta.tool_calls with index, id, type and function', async () => {
    stack.mock.enqueue({
      kind: 'text',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: { city: 'Paris' } },
        { id: 'call_b', name: 'get_weather', arguments: { city: 'Rome' } },
      ],
    });
    const stream = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
      tools: [weatherTool],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas).toEqual([
      {
        index: 0,
        id: 'call_a',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
      },
      {
        index: 1,
        id: 'call_b',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
      },
    ]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');

    stack.mock.enqueue({
      kind: 'text',
      toolCalls: [{ id: 'call_c', name: 'get_weather', arguments: { city: 'Oslo' } }],
    });
    const runner = client.chat.completions.stream({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [weatherTool],
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_c', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
    ]);
  });

  it('sends assistant tool_calls and role: tool results back upstream as a conversation', async () => {
    stack.mock.enqueue({ kind: 'text', text: 'It is sunny in Paris.' });
    const completion = await client.chat.completions.create({
      model: 'mock-model',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_w1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_w1', content: '{"sky":"sunny"}' },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('It is sunny in Paris.');
    expect(stack.mock.requests[0]?.body).toMatchObject({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_w1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_w1', content: '{"sky":"sunny"}' },
      ],
    });
  });
});

describe('response_format', () => {
  it('passes a json_schema response format to the provider as its own JSON schema mode', async () => {
    stack.mock.enqueue({ kind: 'text', text: '{"city":"Paris"}' });
    const format = {
      type: 'json_schema' as const,
      json_schema: {
        name: 'answer',
        strict: true,
        schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    };
    const completion = await client.chat.completions.create({
      model: 'mock-model',
      messages: [{ role: 'user', content: 'Capital of France as JSON' }],
      response_format: format,
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ city: 'Paris' });
    expect(stack.mock.requests[0]?.body).toMatchObject({
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: format.json_schema.schema },
      },
    });
  });
});

describe('models', () => {
  it('lists the provider models and retrieves one', async () => {
    const page = await client.models.list();
    expect(page.data).toEqual([
      { id: 'mock-model', object: 'model', created: 1_735_689_600, owned_by: 'mock-llm' },
    ]);
    const model = await client.models.retrieve('mock-model');
    expect(model.id).toBe('mock-model');
    const missing = await client.models.retrieve('nope').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('errors as the client sees them', () => {
  it('a bad body is a BadRequestError with the param at fault', async () => {
    const error = await client.chat.completions
      .create({ model: 'mock-model', messages: [] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages');
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('a wrong key is an AuthenticationError (401) and never reaches the provider', async () => {
    const stranger = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    const error = await stranger.chat.completions
      .create({ model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(stack.mock.requests).toHaveLength(0);
  });

  it('an upstream 429 is a RateLimitError with the Retry-After header', async () => {
    stack.mock.enqueue({ kind: 'status', status: 429, retryAfter: '7' });
    const error = await client.chat.completions
      .create({ model: 'mock-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
  });

  it('an unknown model upstream is a NotFoundError', async () => {
    stack.mock.enqueue({ kind: 'status', status: 404 });
    const error = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });
});
