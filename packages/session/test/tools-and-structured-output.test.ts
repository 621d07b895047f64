import { createLLM, events, registerProvider, tool } from '@core/session';
import type { ProviderFactory } from '@core/types';
import { createOpenAICompatibleAdapter } from '@provider/openai-compatible';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const llmFor = (provider = 'openai-compatible') =>
  createLLM(provider, { baseUrl: mock.openaiBaseUrl, model: 'test-model', maxRetries: 0 });
type Body = {
  messages: Array<{ role: string; content: unknown; tool_call_id?: string }>;
  tools?: unknown;
  response_format?: unknown;
};
const body = (index: number) => mock.requests[index]?.body as Body;

// The same wire, declared without native tools or schema mode: the pipeline's fallbacks must do the work.
const plainText: ProviderFactory = (settings) => ({
  ...createOpenAICompatibleAdapter(settings),
  provider: 'plain-text',
  capabilities: { tools: false, structuredOutput: 'none', images: false, embeddings: false },
});
registerProvider('plain-text', () => plainText);

const add = tool({
  name: 'add',
  description: 'Adds two integers',
  parameters: z.object({ a: z.number().int(), b: z.number().int() }),
  execute: ({ a, b }) => a + b,
});

describe('tool()', () => {
  it('turns the zod schema into JSON Schema once and offers it on the wire', async () => {
    mock.enqueue({ kind: 'text', text: 'no tools needed' });
    await llmFor().agenerate('hi', { tools: [add] });
    expect(body(0).tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'add',
          description: 'Adds two integers',
          parameters: expect.objectContaining({ type: 'object', required: ['a', 'b'] }),
        },
      },
    ]);
  });

  it('refuses names providers would refuse', () => {
    expect(() => tool({ name: 'has spaces', parameters: z.object({}) })).toThrow(TypeError);
  });
});

describe('the tool loop', () => {
  it('validates arguments with the schema and feeds errors, throws and timeouts back as tool results', async () => {
    const slow = tool({
      name: 'slow',
      parameters: z.object({}),
      execute: () => new Promise((resolve) => setTimeout(resolve, 5_000)),
    });
    const broken = tool({
      name: 'broken',
      parameters: z.object({}),
      execute: () => {
        throw new Error('disk on fire');
      },
    });
    const calls: Array<{ name: string; error: boolean }> = [];
    const off = events.on('tool:call', (event) => {
      calls.push({ name: event.toolCall.name, error: event.error !== undefined });
    });
    mock.enqueue(
      {
        kind: 'text',
        text: '',
        toolCalls: [
          { id: 'c1', name: 'add', arguments: { a: 1, b: 'two' } },
          { id: 'c2', name: 'broken', arguments: {} },
          { id: 'c3', name: 'slow', arguments: {} },
          { id: 'c4', name: 'missing', arguments: {} },
          { id: 'c5', name: 'add', arguments: { a: 2, b: 3 } },
        ],
      },
      { kind: 'text', text: 'done' },
    );
    const response = await llmFor().agenerate('go', {
      tools: [add, slow, broken],
      maxSteps: 2,
      toolTimeout: 100,
    });
    off();
    expect(response.content).toBe('done');
    const results = body(1).messages.filter((message) => message.role === 'tool');
    expect(results.map((message) => message.tool_call_id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(String(results[0]?.content)).toMatch(/invalid arguments: b:/);
    expect(String(results[1]?.content)).toContain('disk on fire');
    expect(String(results[2]?.content)).toContain('did not finish within 100 ms');
    expect(String(results[3]?.content)).toContain('no tool named "missing"');
    expect(results[4]?.content).toBe('5');
    // Tools run concurrently: events arrive as each one finishes.
    expect(calls).toHaveLength(5);
    expect(calls).toEqual(
      expect.arrayContaining([
        { name: 'add', error: true },
        { name: 'broken', error: true },
        { name: 'missing', error: true },
        { name: 'add', error: false },
        { name: 'slow', error: true },
      ]),
    );
  });

  it('stops at maxSteps and returns the last calls', async () => {
    mock.enqueue(
      { kind: 'text', text: '', toolCalls: [{ name: 'add', arguments: { a: 1, b: 1 } }] },
      { kind: 'text', text: '', toolCalls: [{ name: 'add', arguments: { a: 2, b: 2 } }] },
    );
    const response = await llmFor().agenerate('loop', { tools: [add], maxSteps: 2 });
    expect(response.steps).toBe(2);
    expect(response.toolCalls[0]?.arguments).toEqual({ a: 2, b: 2 });
    expect(mock.requests).toHaveLength(2);
  });

  it('hands calls for tools without execute back to the caller', async () => {
    const clientSide = tool({ name: 'ask_user', parameters: z.object({ question: z.string() }) });
    mock.enqueue({
      kind: 'text',
      text: '',
      toolCalls: [{ name: 'ask_user', arguments: { question: 'Which city?' } }],
    });
    const response = await llmFor().agenerate('plan a trip', { tools: [clientSide, add], maxSteps: 5 });
    expect(response.toolCalls.map((call) => call.name)).toEqual(['ask_user']);
    expect(mock.requests).toHaveLength(1);
  });
});

describe('prompted tools, for providers without native tool calling', () => {
  it('describes the tools in the prompt, parses the call from text, and replays the result as text', async () => {
    mock.enqueue(
      {
        kind: 'text',
        text: 'Sure.\n```json\n{"tool_calls": [{"name": "add", "arguments": {"a": 20, "b": 22}}]}\n```',
      },
      { kind: 'text', text: 'The sum is 42.' },
    );
    const response = await llmFor('plain-text').agenerate('What is 20 + 22?', { tools: [add], maxSteps: 2 });
    expect(response.content).toBe('The sum is 42.');
    expect(body(0).tools).toBeUndefined();
    expect(String(body(0).messages[0]?.content)).toContain('"tool_calls"');
    expect(String(body(0).messages[0]?.content)).toContain('Adds two integers');
    expect(body(1).messages.slice(-2)).toEqual([
      { role: 'assistant', content: 'Sure.\n{"tool_calls":[{"name":"add","arguments":{"a":20,"b":22}}]}' },
      { role: 'user', content: 'Result of the tool add: 42' },
    ]);
    expect(response.messages[0]).toMatchObject({
      role: 'assistant',
      content: 'Sure.',
      toolCalls: [{ name: 'add', arguments: { a: 20, b: 22 } }],
    });
  });

  it('returns the parsed calls in the last chunk of a stream', async () => {
    mock.enqueue({ kind: 'text', chunks: ['{"name": "add", ', '"arguments": {"a": 1, "b": 2}}'] });
    const stream = await llmFor('plain-text').agenerate('1+2?', { tools: [add], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)?.toolCalls).toEqual([
      { id: expect.any(String), name: 'add', arguments: { a: 1, b: 2 } },
    ]);
    expect(chunks.at(-1)?.finishReason).toBe('tool_calls');
  });
});

describe('structured output', () => {
  const person = z.object({ name: z.string(), age: z.number().int().nonnegative() });

  it('uses the native JSON schema mode where the provider has one', async () => {
    mock.enqueue({ kind: 'text', text: '{"name":"Ada","age":36}' });
    const result = await llmFor().agenerate('Who?', { responseModel: person });
    expect(result).toEqual({ name: 'Ada', age: 36 });
    expect(body(0).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: expect.objectContaining({ type: 'object' }) },
    });
  });

  it('puts the schema in the prompt where it has none, and reads JSON wrapped in prose', async () => {
    mock.enqueue({ kind: 'text', text: 'Here you go:\n```json\n{"name": "Grace", "age": 85}\n```' });
    const result = await llmFor('plain-text').agenerate('Who?', { responseModel: person });
    expect(result).toEqual({ name: 'Grace', age: 85 });
    expect(body(0).response_format).toBeUndefined();
    expect(String(body(0).messages[0]?.content)).toContain('JSON Schema');
  });

  it('responseFormat takes a plain JSON Schema: the native mode where there is one, else the prompt; no validation', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    mock.enqueue({ kind: 'text', text: '{"city":"Oslo"}' }, { kind: 'text', text: 'not even JSON' });
    const native = await llmFor().agenerate('City?', {
      responseFormat: { type: 'json', schema, name: 'city' },
    });
    expect(native.content).toBe('{"city":"Oslo"}');
    expect(body(0).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'city', schema } });
    const prompted = await llmFor('plain-text').agenerate('City?', {
      responseFormat: { type: 'json', schema },
    });
    expect(prompted.content).toBe('not even JSON');
    expect(body(1).response_format).toBeUndefined();
    expect(String(body(1).messages[0]?.content)).toContain('"required":["city"]');
  });

  it('refuses responseModel with stream: true', async () => {
    await expect(llmFor().agenerate('x', { responseModel: person, stream: true } as never)).rejects.toThrow(
      TypeError,
    );
  });
});
