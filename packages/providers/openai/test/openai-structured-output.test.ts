import type { ProviderAdapter, ProviderRequest } from '@core/types';
import { readProviderStream } from '@tooling/conformance';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIAdapter } from '../src/index.js';

let mock: MockLlm;
let adapter: ProviderAdapter;
beforeAll(async () => {
  mock = await startMockLlm();
  adapter = createOpenAIAdapter({ baseUrl: mock.openaiBaseUrl, apiKey: 'sk-test-structured-0123456789' });
});
afterAll(async () => {
  await adapter.unload();
  await mock.close();
});
beforeEach(() => mock.reset());

const strictSchema = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: ['integer', 'null'] } },
  required: ['city', 'population'],
  additionalProperties: false,
};
const looseSchema = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: 'integer' } },
  required: ['city'],
};

function request(extra: Partial<ProviderRequest>): ProviderRequest {
  return { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Largest city?' }], ...extra };
}

function sentBody(): Record<string, unknown> {
  return mock.requests.at(-1)?.body as Record<string, unknown>;
}

describe('response_format', () => {
  it('sends json_schema with strict: true when the schema fits strict mode', async () => {
    mock.enqueue({ kind: 'text', text: '{"city":"Tokyo","population":null}' });
    const result = await adapter.doGenerate(
      request({ responseFormat: { type: 'json', schema: strictSchema, name: 'city' } }),
    );
    expect(result.content).toBe('{"city":"Tokyo","population":null}');
    expect(sentBody().response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'city', schema: strictSchema, strict: true },
    });
  });

  it('sends the schema without strict when it has an optional property or an open object, unchanged', async () => {
    mock.enqueue({ kind: 'text', text: '{"city":"Tokyo"}' });
    await adapter.doGenerate(request({ responseFormat: { type: 'json', schema: looseSchema } }));
    expect(sentBody().response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: looseSchema },
    });
  });

  it('makes the schema name one OpenAI accepts (a-z, A-Z, 0-9, _ and -, at most 64)', async () => {
    mock.enqueue({ kind: 'text', text: '{}' });
    await adapter.doGenerate(
      request({
        responseFormat: { type: 'json', schema: strictSchema, name: `City answer: ${'x'.repeat(80)}` },
      }),
    );
    const name = (sentBody().response_format as { json_schema: { name: string } }).json_schema.name;
    expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(name.startsWith('City_answer__')).toBe(true);
  });

  it('sends JSON mode as json_object', async () => {
    mock.enqueue({ kind: 'text', text: '{}' });
    await adapter.doGenerate(request({ responseFormat: { type: 'json' } }));
    expect(sentBody().response_format).toEqual({ type: 'json_object' });
  });
});

describe('tools', () => {
  it('marks a tool strict when its schema fits, leaves the others as they are, and keeps tool_choice', async () => {
    mock.enqueue({
      kind: 'text',
      toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { city: 'Paris' } }],
    });
    const result = await adapter.doGenerate(
      request({
        tools: [
          { name: 'lookup', description: 'Find a city', parameters: strictSchema },
          { name: 'search', parameters: looseSchema },
        ],
        toolChoice: { name: 'lookup' },
      }),
    );
    expect(result.toolCalls).toEqual([{ id: 'call_1', name: 'lookup', arguments: { city: 'Paris' } }]);
    expect(result.finishReason).toBe('tool_calls');
    expect(sentBody().tools).toEqual([
      {
        type: 'function',
        function: { name: 'lookup', description: 'Find a city', parameters: strictSchema, strict: true },
      },
      { type: 'function', function: { name: 'search', parameters: looseSchema } },
    ]);
    expect(sentBody().tool_choice).toEqual({ type: 'function', function: { name: 'lookup' } });
  });

  it('assembles streamed tool-call deltas by index and emits each call once, complete', async () => {
    mock.enqueue({
      kind: 'text',
      toolCalls: [
        { id: 'call_a', name: 'lookup', arguments: { city: 'Paris' } },
        { id: 'call_b', name: 'lookup', arguments: { city: 'Rome' } },
      ],
    });
    const stream = await adapter.doStream(request({ tools: [{ name: 'lookup', parameters: strictSchema }] }));
    const withCalls = [];
    let last: unknown;
    for (const chunk of await readProviderStream(stream)) {
      if (chunk.toolCalls !== undefined) withCalls.push(chunk.toolCalls);
      last = chunk;
    }
    expect(withCalls).toEqual([
      [
        { id: 'call_a', name: 'lookup', arguments: { city: 'Paris' } },
        { id: 'call_b', name: 'lookup', arguments: { city: 'Rome' } },
      ],
    ]);
    expect(last).toMatchObject({ finishReason: 'tool_calls' });
  });
});
