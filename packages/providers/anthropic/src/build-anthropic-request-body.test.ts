import type { ProviderRequest, Warning } from '@core/types';
import { describe, expect, it } from 'vitest';
import { buildAnthropicRequestBody } from './build-anthropic-request-body.js';

const weather = {
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

function build(overrides: Partial<ProviderRequest> = {}) {
  return buildAnthropicRequestBody(
    { model: 'claude-x', messages: [{ role: 'user', content: 'hi' }], ...overrides },
    false,
  );
}

function unsupported(warnings: readonly Warning[]): string[] {
  return warnings.flatMap((warning) => (warning.type === 'unsupported-option' ? [warning.option] : []));
}

describe('options Anthropic has no field for', () => {
  it('does not send seed, and says so', () => {
    const { body, warnings } = build({ seed: 7 });
    expect(body).not.toHaveProperty('seed');
    expect(warnings).toEqual([
      {
        type: 'unsupported-option',
        provider: 'anthropic',
        option: 'seed',
        message: expect.stringContaining('seed was not sent'),
      },
    ]);
  });

  it('sends every other common option, with no warning', () => {
    const { body, warnings } = build({ temperature: 0.2, topP: 0.5, topK: 3, stop: ['x'], maxTokens: 9 });
    expect(body).toMatchObject({
      temperature: 0.2,
      top_p: 0.5,
      top_k: 3,
      stop_sequences: ['x'],
      max_tokens: 9,
    });
    expect(warnings).toEqual([]);
  });
});

describe('reasoning → thinking', () => {
  it.each([
    [{ effort: 'low' as const }, 1024],
    [{ effort: 'medium' as const }, 4096],
    [{ effort: 'high' as const }, 16_384],
    [{}, 4096],
    [{ budgetTokens: 3000 }, 3000],
  ])('%j is a budget of %i tokens on top of max_tokens', (reasoning, budget) => {
    const { body, warnings } = build({ reasoning });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: budget });
    // The default 4096 stays for the answer itself.
    expect(body.max_tokens).toBe(4096 + budget);
    expect(build({ reasoning, maxTokens: 500 }).body.max_tokens).toBe(500 + budget);
    expect(warnings).toEqual([]);
  });

  it("raises a budget below Anthropic's 1024 minimum, with a warning that is not an unsupported option", () => {
    const { body, warnings } = build({ reasoning: { budgetTokens: 100 } });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(warnings).toEqual([
      { type: 'other', provider: 'anthropic', message: expect.stringMatching(/100 was raised to 1024/) },
    ]);
  });

  it('uses budgetTokens when effort is given too, and says effort was not used', () => {
    const { body, warnings } = build({ reasoning: { effort: 'high', budgetTokens: 2000 } });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(warnings).toMatchObject([{ type: 'other', message: expect.stringContaining('reasoning.effort') }]);
  });

  it('sends thinking disabled for false, and nothing when reasoning is not set', () => {
    expect(build({ reasoning: false })).toMatchObject({
      body: { thinking: { type: 'disabled' }, max_tokens: 4096 },
      warnings: [],
    });
    expect(build().body).not.toHaveProperty('thinking');
  });

  it('drops temperature and top_k, and top_p outside [0.95, 1], with a warning each', () => {
    const { body, warnings } = build({ reasoning: { effort: 'low' }, temperature: 0.2, topP: 0.5, topK: 3 });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('top_k');
    expect(unsupported(warnings)).toEqual(['temperature', 'topP', 'topK']);
  });

  it('keeps temperature 1 and top_p from 0.95 to 1, which thinking accepts', () => {
    const { body, warnings } = build({ reasoning: { effort: 'low' }, temperature: 1, topP: 0.95 });
    expect(body).toMatchObject({ temperature: 1, top_p: 0.95 });
    expect(warnings).toEqual([]);
  });

  it('turns a forced tool choice into auto, with a toolChoice warning; auto and none need none', () => {
    for (const toolChoice of ['required', { name: 'get_weather' }] as const) {
      const { body, warnings } = build({ reasoning: { effort: 'low' }, tools: [weather], toolChoice });
      expect(body.tool_choice).toEqual({ type: 'auto' });
      expect(unsupported(warnings)).toEqual(['toolChoice']);
    }
    for (const toolChoice of ['auto', 'none'] as const) {
      const { body, warnings } = build({ reasoning: { effort: 'low' }, tools: [weather], toolChoice });
      expect(body.tool_choice).toEqual({ type: toolChoice });
      expect(warnings).toEqual([]);
    }
  });

  it('offers the JSON tool unforced, saying the answer may come as text', () => {
    const { body, warnings, jsonToolName } = build({
      reasoning: { effort: 'low' },
      responseFormat: { type: 'json' },
    });
    expect(jsonToolName).toBe('json');
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(warnings).toMatchObject([{ type: 'other', message: expect.stringContaining('tool_choice auto') }]);
  });
});

describe('providerOptions.thinking, the older way', () => {
  const thinking = { type: 'enabled', budget_tokens: 2048 };

  it('is sent as given, max_tokens untouched, with the same rules for sampling and tools', () => {
    const { body, warnings } = build({
      providerOptions: { thinking },
      temperature: 0.3,
      tools: [weather],
      toolChoice: 'required',
    });
    expect(body).toMatchObject({ thinking, max_tokens: 4096, tool_choice: { type: 'auto' } });
    expect(body).not.toHaveProperty('temperature');
    expect(unsupported(warnings)).toEqual(['temperature', 'toolChoice']);
  });

  it('wins over reasoning, which is then reported unused', () => {
    const { body, warnings } = build({ providerOptions: { thinking }, reasoning: { effort: 'high' } });
    expect(body.thinking).toEqual(thinking);
    expect(body.max_tokens).toBe(4096);
    expect(warnings).toMatchObject([
      { type: 'other', message: expect.stringContaining('providerOptions.thinking') },
    ]);
  });

  it('{ type: "disabled" } leaves sampling alone', () => {
    const { body, warnings } = build({
      providerOptions: { thinking: { type: 'disabled' } },
      temperature: 0.3,
    });
    expect(body.temperature).toBe(0.3);
    expect(warnings).toEqual([]);
  });
});

describe('responseFormat', () => {
  it('without a schema is a forced JSON tool taking any object, with no warning', () => {
    const { body, warnings, jsonToolName } = build({ responseFormat: { type: 'json' } });
    expect(jsonToolName).toBe('json');
    expect(body.tools).toEqual([
      {
        name: 'json',
        description: 'Respond with a JSON object.',
        input_schema: { type: 'object', additionalProperties: true },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json' });
    expect(warnings).toEqual([]);
  });

  it("beside the caller's tools, the caller's named tool is forced; 'none' leaves only the JSON tool", () => {
    const named = build({
      responseFormat: { type: 'json' },
      tools: [weather],
      toolChoice: { name: 'get_weather' },
    });
    expect(named.body.tool_choice).toEqual({ type: 'tool', name: 'get_weather' });
    const none = build({ responseFormat: { type: 'json' }, tools: [weather], toolChoice: 'none' });
    expect((none.body.tools ?? []).map((tool) => tool.name)).toEqual(['json']);
    expect(none.body.tool_choice).toEqual({ type: 'tool', name: 'json' });
  });
});
