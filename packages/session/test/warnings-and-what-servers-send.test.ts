import { createLLM, events } from '@core/session';
import { type GenerateStream, UnsupportedOptionError, type Warning } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

// Plain openai-compatible sends no top_k (not an OpenAI parameter), so topK is a warning there.
const llmFor = (options: Record<string, unknown> = {}) =>
  createLLM('openai-compatible', {
    baseUrl: mock.openaiBaseUrl,
    model: 'test-model',
    retryInitialDelay: 1,
    ...options,
  });

function recordWarnings(): { seen: Warning[]; off: () => void } {
  const seen: Warning[] = [];
  const off = events.on('warning', (event) => {
    seen.push(event.warning);
  });
  return { seen, off };
}

describe('warnings', () => {
  it('emits one warning event per distinct warning of a call, across its retries', async () => {
    mock.enqueue({ kind: 'status', status: 503 });
    mock.enqueue({ kind: 'text', text: 'ok' });
    const recorded = recordWarnings();
    try {
      const response = await llmFor().agenerate('hi', { topK: 3 });
      expect(mock.requests).toHaveLength(2);
      expect(response.warnings).toEqual([
        expect.objectContaining({
          type: 'unsupported-option',
          provider: 'openai-compatible',
          option: 'topK',
        }),
      ]);
      expect(recorded.seen).toEqual(response.warnings);
    } finally {
      recorded.off();
    }
  });

  it('is empty when everything was honoured', async () => {
    mock.enqueue({ kind: 'text', text: 'ok' });
    const response = await llmFor().agenerate('hi', { temperature: 0.2, seed: 1 });
    expect(response.warnings).toEqual([]);
  });

  it("unsupportedOptions: 'error' set on the LLM throws before sending, and a call can relax it", async () => {
    const strict = llmFor({ unsupportedOptions: 'error' });
    await expect(strict.agenerate('hi', { topK: 3 })).rejects.toSatisfy(UnsupportedOptionError.isInstance);
    await expect(strict.agenerate('hi', { topK: 3, stream: true })).rejects.toSatisfy(
      UnsupportedOptionError.isInstance,
    );
    expect(mock.requests).toHaveLength(0);
    mock.enqueue({ kind: 'text', text: 'ok' });
    const relaxed = await strict.agenerate('hi', { topK: 3, unsupportedOptions: 'warn' });
    expect(relaxed.warnings).toHaveLength(1);
  });

  it('checks the new options once, with errors that name them', () => {
    expect(() => llmFor({ unsupportedOptions: 'loud' })).toThrow(
      "unsupportedOptions must be 'warn' or 'error'",
    );
    expect(() => llmFor({ reasoning: { effort: 'max' } })).toThrow(
      "reasoning.effort must be 'low', 'medium' or 'high'",
    );
    expect(() => llmFor({ reasoning: { budgetTokens: -1 } })).toThrow('reasoning.budgetTokens');
    expect(() => llmFor({ reasoning: true })).toThrow('reasoning must be false or');
    expect(() => llmFor({ reasoning: { effrot: 'low' } })).toThrow('reasoning has no option effrot');
  });
});

describe('tool calls written as text, in a tool loop', () => {
  it('runs a call the server wrote as text and goes on with its result', async () => {
    mock.enqueue({
      kind: 'text',
      text: '<tool_call>{"name": "add", "arguments": {"a": 2, "b": 3}}</tool_call>',
    });
    mock.enqueue({ kind: 'text', chunks: ['The sum ', 'is 5.'] });
    const stream = (await llmFor().agenerate('What is 2 + 3?', {
      stream: true,
      maxSteps: 3,
      tools: [
        {
          name: 'add',
          description: 'Adds two numbers',
          parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
          execute: async (input: unknown) => {
            const { a, b } = input as { a: number; b: number };
            return a + b;
          },
        },
      ],
    })) as GenerateStream;
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.content).join('')).toBe('The sum is 5.');
    expect(chunks.flatMap((chunk) => chunk.toolCalls ?? []).map((call) => call.name)).toEqual(['add']);
    const completion = await stream.completion;
    expect(completion.steps).toBe(2);
    expect(completion.messages.map((message) => message.role)).toEqual(['assistant', 'tool', 'assistant']);
    // The second request sent the call back as a native call with its result.
    expect(JSON.stringify(mock.requests[1]?.body)).toContain('"tool_call_id"');
  });
});
