// What OpenAI cannot take for a model is left out of the body and said in `response.warnings`, stream or
// not; with unsupportedOptions: 'error' the call fails before anything is sent.
import { createLLM } from '@core/session';
import { UnsupportedOptionError, type Warning } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const apiKey = 'sk-test-unsupported-0123456789';

function llmFor(model: string, options: Record<string, unknown> = {}) {
  return createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey, model, maxRetries: 0, ...options });
}

function bodyOf(index: number): Record<string, unknown> {
  return mock.requests[index]?.body as Record<string, unknown>;
}

function optionsOf(warnings: readonly Warning[]): string[] {
  return warnings.map((warning) => (warning.type === 'unsupported-option' ? warning.option : warning.type));
}

describe('reasoning models', () => {
  it('leave out temperature and topP with a warning each, stream and not; stop is cut by the pipeline', async () => {
    const llm = llmFor('o4-mini');
    const options = { temperature: 0.2, topP: 0.9, stop: ['END'], maxTokens: 50 };
    mock.enqueue({ kind: 'text', text: 'one END two' }, { kind: 'text', text: 'one END two' });
    const response = await llm.agenerate('hi', options);
    expect(response.content).toBe('one ');
    expect(optionsOf(response.warnings)).toEqual(['temperature', 'topP']);
    expect(response.warnings[0]).toMatchObject({
      type: 'unsupported-option',
      provider: 'openai',
      message: expect.stringContaining('temperature was not sent: o4-mini is a reasoning model'),
    });
    const stream = await llm.agenerate('hi', { ...options, stream: true });
    for await (const _chunk of stream) {
      // drain
    }
    expect(optionsOf((await stream.completion).warnings)).toEqual(['temperature', 'topP']);
    for (const index of [0, 1]) {
      expect(bodyOf(index)).toMatchObject({ max_completion_tokens: 50 });
      for (const absent of ['temperature', 'top_p', 'stop', 'max_tokens']) {
        expect(bodyOf(index)).not.toHaveProperty(absent);
      }
    }
    await llm.unloadModel();
  });

  it("send the call's reasoning.effort over the reasoningEffort setting, and report a budget", async () => {
    const llm = llmFor('o3-mini', { reasoningEffort: 'low' });
    mock.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    const defaulted = await llm.agenerate('hi');
    const asked = await llm.agenerate('hi', { reasoning: { effort: 'high', budgetTokens: 2048 } });
    expect(bodyOf(0).reasoning_effort).toBe('low');
    expect(defaulted.warnings).toEqual([]);
    expect(bodyOf(1).reasoning_effort).toBe('high');
    expect(optionsOf(asked.warnings)).toEqual(['reasoning.budgetTokens']);
    await llm.unloadModel();
  });

  it('turn reasoning off with reasoning_effort minimal (gpt-5) or none (gpt-5.1); o-series say they cannot', async () => {
    mock.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' }, { kind: 'text', text: 'c' });
    for (const model of ['gpt-5-mini', 'gpt-5.1', 'o4-mini']) {
      const llm = llmFor(model, { reasoningEffort: 'high' });
      const response = await llm.agenerate('hi', { reasoning: false });
      if (model === 'o4-mini') {
        expect(optionsOf(response.warnings)).toEqual(['reasoning']);
        expect(response.warnings[0]?.message).toContain('o4-mini always reasons');
      } else expect(response.warnings).toEqual([]);
      await llm.unloadModel();
    }
    expect(bodyOf(0).reasoning_effort).toBe('minimal');
    expect(bodyOf(1).reasoning_effort).toBe('none');
    // The call named its reasoning (false), so the setting's default does not apply; the model's own does.
    expect(bodyOf(2)).not.toHaveProperty('reasoning_effort');
  });
});

describe('chat models', () => {
  it('report reasoning and topK, send nothing for reasoning: false, and take the sampling options', async () => {
    const llm = llmFor('gpt-4o-mini');
    mock.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    const asked = await llm.agenerate('hi', { reasoning: { effort: 'low' }, topK: 5, temperature: 0.3 });
    const off = await llm.agenerate('hi', { reasoning: false });
    expect(optionsOf(asked.warnings)).toEqual(['topK', 'reasoning']);
    expect(asked.warnings[1]?.message).toContain('gpt-4o-mini is not a reasoning model');
    expect(off.warnings).toEqual([]);
    expect(bodyOf(0)).toMatchObject({ temperature: 0.3 });
    for (const index of [0, 1]) {
      for (const absent of ['top_k', 'reasoning_effort', 'reasoning'])
        expect(bodyOf(index)).not.toHaveProperty(absent);
    }
    await llm.unloadModel();
  });
});

describe("unsupportedOptions: 'error'", () => {
  it('throws an UnsupportedOptionError naming the options before any request, stream and not', async () => {
    const llm = llmFor('o3', { unsupportedOptions: 'error' });
    for (const stream of [false, true]) {
      const error = await llm.agenerate('hi', { temperature: 0.5, reasoning: false, stream }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(UnsupportedOptionError.isInstance(error)).toBe(true);
      expect(optionsOf((error as UnsupportedOptionError).warnings)).toEqual(['temperature', 'reasoning']);
    }
    expect(mock.requests).toHaveLength(0);
    // What the model takes goes through in the same mode, without warnings.
    mock.enqueue({ kind: 'text', text: 'fine' });
    const response = await llm.agenerate('hi', { reasoning: { effort: 'medium' }, stop: ['x'] });
    expect(response.warnings).toEqual([]);
    expect(bodyOf(0).reasoning_effort).toBe('medium');
    await llm.unloadModel();
  });
});
