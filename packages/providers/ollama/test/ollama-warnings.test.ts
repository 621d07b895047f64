import { UnsupportedOptionError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOllamaAdapter } from '../src/ollama-adapter.js';
import { bodyOf, collect, ollamaAt } from './helpers.js';

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
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const toolChoiceWarning = {
  type: 'unsupported-option',
  provider: 'ollama',
  option: 'toolChoice',
  message: expect.stringContaining('cannot force a tool call'),
};

describe('warnings reach the response', () => {
  it('on the result and the stream, from the adapter', async () => {
    const adapter = createOllamaAdapter({ baseUrl: mock.url });
    const request = {
      model: 'test-model',
      messages: [{ role: 'user' as const, content: 'hi' }],
      tools: [weatherTool],
      toolChoice: 'required' as const,
    };
    try {
      expect((await adapter.doGenerate(request)).warnings).toEqual([toolChoiceWarning]);
      const stream = await adapter.doStream(request);
      expect(stream.warnings).toEqual([toolChoiceWarning]);
      stream.close();
      expect((await adapter.doGenerate({ ...request, toolChoice: 'auto' })).warnings).toBeUndefined();
    } finally {
      await adapter.unload();
    }
  });

  it('on response.warnings through createLLM, stream or not, beside what was sent', async () => {
    const llm = ollamaAt(mock);
    const response = await llm.agenerate('hi', { reasoning: { effort: 'low', budgetTokens: 500 } });
    expect(bodyOf(mock).think).toBe(true);
    expect(
      response.warnings.map((warning) => warning.type === 'unsupported-option' && warning.option),
    ).toEqual(['reasoning.budgetTokens', 'reasoning.effort']);
    const stream = await llm.agenerate('hi', { tools: [weatherTool], toolChoice: 'required', stream: true });
    await collect(stream);
    expect((await stream.completion).warnings).toEqual([toolChoiceWarning]);
    expect(bodyOf(mock, 1).tools).toHaveLength(1);
    await llm.unloadModel();
  });

  it('sends a gpt-oss effort as the level, with no warning', async () => {
    const llm = ollamaAt(mock, { model: 'gpt-oss:20b' });
    const response = await llm.agenerate('hi', { reasoning: { effort: 'high' } });
    expect(bodyOf(mock).think).toBe('high');
    expect(response.warnings).toEqual([]);
  });
});

describe("unsupportedOptions: 'error'", () => {
  it('throws an UnsupportedOptionError before any request, stream or not', async () => {
    const llm = ollamaAt(mock, { unsupportedOptions: 'error' });
    for (const stream of [false, true]) {
      const failure = await llm
        .agenerate('hi', { tools: [weatherTool], toolChoice: { name: 'get_weather' }, stream })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(UnsupportedOptionError.isInstance(failure), String(failure)).toBe(true);
      expect((failure as UnsupportedOptionError).warnings).toEqual([toolChoiceWarning]);
      expect((failure as UnsupportedOptionError).provider).toBe('ollama');
    }
    expect(mock.requests).toEqual([]);
  });

  it('sends what Ollama takes: seed, topK, stop and a schema-less format', async () => {
    const llm = ollamaAt(mock, { unsupportedOptions: 'error' });
    const response = await llm.agenerate('hi', {
      seed: 1,
      topK: 2,
      stop: ['x'],
      responseFormat: { type: 'json' },
      reasoning: false,
    });
    expect(response.warnings).toEqual([]);
    expect(bodyOf(mock)).toMatchObject({
      options: { seed: 1, top_k: 2, stop: ['x'] },
      format: 'json',
      think: false,
    });
  });
});
