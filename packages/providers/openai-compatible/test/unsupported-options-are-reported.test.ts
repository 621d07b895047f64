// An option a server cannot take is reported, never dropped in silence: a warning on the response (stream
// or not), or, with unsupportedOptions: 'error', an UnsupportedOptionError before any request is sent.
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

function llmFor(provider: string, options: Record<string, unknown> = {}) {
  return createLLM(provider, {
    baseUrl: mock.openaiBaseUrl,
    model: 'test-model',
    apiKey: 'sk-test-warnings-0123456789',
    maxRetries: 0,
    ...options,
  });
}

function optionsOf(warnings: readonly Warning[]): string[] {
  return warnings.map((warning) => (warning.type === 'unsupported-option' ? warning.option : warning.type));
}

function bodyOf(index: number): Record<string, unknown> {
  return mock.requests[index]?.body as Record<string, unknown>;
}

describe('warnings on the response', () => {
  it('openai-compatible: topK and a reasoning budget are not sent and are reported, stream and not', async () => {
    const llm = llmFor('openai-compatible');
    const options = { topK: 5, reasoning: { effort: 'low' as const, budgetTokens: 512 } };
    mock.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    const response = await llm.agenerate('hi', options);
    expect(optionsOf(response.warnings)).toEqual(['topK', 'reasoning.budgetTokens']);
    expect(response.warnings[0]).toMatchObject({ provider: 'openai-compatible', type: 'unsupported-option' });
    const stream = await llm.agenerate('hi', { ...options, stream: true });
    for await (const _chunk of stream) {
      // drain
    }
    expect(optionsOf((await stream.completion).warnings)).toEqual(['topK', 'reasoning.budgetTokens']);
    for (const index of [0, 1]) {
      expect(bodyOf(index)).toMatchObject({ reasoning_effort: 'low' });
      expect(bodyOf(index)).not.toHaveProperty('top_k');
    }
    await llm.unloadModel();
  });

  it('vLLM and OpenRouter carry reasoning off and a budget on the wire, without warnings', async () => {
    mock.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    const vllm = llmFor('vllm');
    const openRouter = llmFor('openrouter');
    expect((await vllm.agenerate('hi', { reasoning: false })).warnings).toEqual([]);
    expect((await openRouter.agenerate('hi', { reasoning: { budgetTokens: 2000 } })).warnings).toEqual([]);
    expect(bodyOf(0).chat_template_kwargs).toEqual({ enable_thinking: false });
    expect(bodyOf(1).reasoning).toEqual({ max_tokens: 2000 });
    await Promise.all([vllm.unloadModel(), openRouter.unloadModel()]);
  });
});

describe("unsupportedOptions: 'error'", () => {
  it('throws an UnsupportedOptionError naming each option, and sends nothing, stream or not', async () => {
    const llm = llmFor('lmstudio', { unsupportedOptions: 'error' });
    for (const stream of [false, true]) {
      const error = await llm.agenerate('hi', { reasoning: false, stream }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(UnsupportedOptionError.isInstance(error), `stream: ${stream}`).toBe(true);
      expect((error as UnsupportedOptionError).warnings).toEqual([
        {
          type: 'unsupported-option',
          provider: 'lmstudio',
          option: 'reasoning',
          message:
            'reasoning: false was not sent: lmstudio documents no way to turn reasoning off for test-model',
        },
      ]);
    }
    expect(mock.requests).toHaveLength(0);
    await llm.unloadModel();
  });

  it('per call too, and only when something would not be sent', async () => {
    const llm = llmFor('openai-compatible');
    await expect(llm.agenerate('hi', { topK: 3, unsupportedOptions: 'error' })).rejects.toSatisfy(
      (error: unknown) => UnsupportedOptionError.isInstance(error),
    );
    expect(mock.requests).toHaveLength(0);
    mock.enqueue({ kind: 'text', text: 'fine' });
    const response = await llm.agenerate('hi', { seed: 3, topP: 0.5, unsupportedOptions: 'error' });
    expect(response.warnings).toEqual([]);
    expect(bodyOf(0)).toMatchObject({ seed: 3, top_p: 0.5 });
    await llm.unloadModel();
  });
});
