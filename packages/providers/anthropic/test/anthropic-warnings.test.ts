import { createLLM } from '@core/session';
import { type LLM, type ProviderAdapter, UnsupportedOptionError } from '@core/types';
import { collectStream, readProviderStream } from '@tooling/conformance';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnthropicAdapter } from '../src/anthropic-adapter.js';

const apiKey = 'sk-ant-test-warnings-0123456789';
let mock: MockLlm;
let adapter: ProviderAdapter;
let llm: LLM;

beforeAll(async () => {
  mock = await startMockLlm();
  adapter = createAnthropicAdapter({ baseUrl: mock.url, apiKey });
  llm = createLLM('anthropic', { baseUrl: mock.url, apiKey, model: 'test-model', maxRetries: 0 });
});
afterAll(async () => {
  await adapter.unload();
  await llm.unloadModel();
  await mock.close();
});
beforeEach(() => mock.reset());

const seedWarning = {
  type: 'unsupported-option',
  provider: 'anthropic',
  option: 'seed',
  message: expect.stringContaining('seed was not sent'),
};

describe('warnings reach the response', () => {
  it('on the result and on the stream, from the adapter', async () => {
    const request = { model: 'test-model', messages: [{ role: 'user' as const, content: 'hi' }], seed: 3 };
    expect((await adapter.doGenerate(request)).warnings).toEqual([seedWarning]);
    const stream = await adapter.doStream(request);
    expect(stream.warnings).toEqual([seedWarning]);
    await readProviderStream(stream);
    expect((await adapter.doGenerate({ ...request, seed: undefined })).warnings).toBeUndefined();
  });

  it('on response.warnings through createLLM, stream or not', async () => {
    const response = await llm.agenerate('hi', { seed: 3, reasoning: { effort: 'low' }, temperature: 0.5 });
    expect(
      response.warnings.map((warning) => warning.type === 'unsupported-option' && warning.option),
    ).toEqual(['temperature', 'seed']);
    const stream = await llm.agenerate('hi', { seed: 3, stream: true });
    await collectStream(stream);
    expect((await stream.completion).warnings).toEqual([seedWarning]);
  });
});

describe("unsupportedOptions: 'error'", () => {
  it('throws an UnsupportedOptionError naming the option before any request, stream or not', async () => {
    for (const stream of [false, true]) {
      const failure = await llm.agenerate('hi', { seed: 3, unsupportedOptions: 'error', stream }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(UnsupportedOptionError.isInstance(failure), String(failure)).toBe(true);
      expect((failure as UnsupportedOptionError).warnings).toEqual([seedWarning]);
    }
    expect(mock.requests).toEqual([]);
  });

  it("sends a request that needs no 'other' warning dropped: a raised budget is still honoured", async () => {
    const response = await llm.agenerate('hi', {
      reasoning: { budgetTokens: 10 },
      unsupportedOptions: 'error',
    });
    expect(response.warnings).toMatchObject([{ type: 'other' }]);
    expect((mock.requests[0]?.body as Record<string, unknown> | undefined)?.thinking).toEqual({
      type: 'enabled',
      budget_tokens: 1024,
    });
  });
});

describe('JSON without a schema', () => {
  it('returns the forced tool input, a JSON object, as the content, stream or not', async () => {
    const answer = { city: 'Paris', population: 2_100_000 };
    for (const stream of [false, true]) {
      mock.enqueue({
        kind: 'text',
        text: "I'll answer in JSON.",
        toolCalls: [{ name: 'json', arguments: answer }],
      });
      const options = { responseFormat: { type: 'json' as const } };
      const response = stream
        ? await (async () => {
            const generated = await llm.agenerate('Paris?', { ...options, stream: true });
            await collectStream(generated);
            return generated.completion;
          })()
        : await llm.agenerate('Paris?', options);
      expect(JSON.parse(response.content)).toEqual(answer);
      expect(response.toolCalls ?? []).toEqual([]);
      expect(response.finishReason).toBe('stop');
      expect(response.warnings).toEqual([]);
    }
    expect(mock.requests.map((request) => (request.body as Record<string, unknown>).tool_choice)).toEqual([
      { type: 'tool', name: 'json' },
      { type: 'tool', name: 'json' },
    ]);
  });
});
