import type { ProviderRequest, Warning } from '@core/types';
import { describe, expect, it } from 'vitest';
import { buildOllamaChatBody, type OllamaRequestDefaults } from './build-ollama-chat-body.js';

const weather = { name: 'get_weather', parameters: { type: 'object', properties: {} } };
const time = { name: 'get_time', parameters: { type: 'object', properties: {} } };

function build(overrides: Partial<ProviderRequest> = {}, defaults: OllamaRequestDefaults = {}) {
  return buildOllamaChatBody(
    { model: 'qwen3:4b', messages: [{ role: 'user', content: 'hi' }], ...overrides },
    false,
    defaults,
  );
}

function unsupported(warnings: readonly Warning[]): string[] {
  return warnings.flatMap((warning) => (warning.type === 'unsupported-option' ? [warning.option] : []));
}

describe('options with an Ollama field', () => {
  it('sends every sampling option, the format and the tools, with no warning', () => {
    const schema = { type: 'object' };
    const { body, warnings } = build({
      temperature: 0.1,
      maxTokens: 5,
      topP: 0.9,
      topK: 4,
      seed: 3,
      stop: ['x'],
      responseFormat: { type: 'json', schema },
      tools: [weather],
      toolChoice: 'auto',
    });
    expect(body).toMatchObject({
      options: { temperature: 0.1, num_predict: 5, top_p: 0.9, top_k: 4, seed: 3, stop: ['x'] },
      format: schema,
      tools: [{ type: 'function', function: weather }],
    });
    expect(warnings).toEqual([]);
    expect(build({ responseFormat: { type: 'json' } }).body.format).toBe('json');
  });
});

describe('toolChoice, which Ollama has no field for', () => {
  it("'none' sends no tools, and needs no warning", () => {
    const { body, warnings } = build({ tools: [weather], toolChoice: 'none' });
    expect(body).not.toHaveProperty('tools');
    expect(warnings).toEqual([]);
  });

  it("'required' still sends the tools, warning that the model may not call one", () => {
    const { body, warnings } = build({ tools: [weather, time], toolChoice: 'required' });
    expect(body.tools).toHaveLength(2);
    expect(body).not.toHaveProperty('tool_choice');
    expect(warnings).toEqual([
      {
        type: 'unsupported-option',
        provider: 'ollama',
        option: 'toolChoice',
        message: expect.stringContaining('may answer without calling one'),
      },
    ]);
  });

  it('{ name } sends that tool only (every tool when none has the name), with a warning', () => {
    const named = build({ tools: [weather, time], toolChoice: { name: 'get_time' } });
    expect(named.body.tools?.map((tool) => tool.function.name)).toEqual(['get_time']);
    expect(unsupported(named.warnings)).toEqual(['toolChoice']);
    const unknown = build({ tools: [weather, time], toolChoice: { name: 'nope' } });
    expect(unknown.body.tools).toHaveLength(2);
    expect(unknown.warnings[0]?.message).toContain('every tool');
  });

  it('says nothing when there are no tools to choose from', () => {
    expect(build({ toolChoice: 'required' })).toMatchObject({ warnings: [] });
  });
});

describe('reasoning → think', () => {
  it('false is think: false', () => {
    expect(build({ reasoning: false })).toMatchObject({ body: { think: false }, warnings: [] });
  });

  it('an effort is the level for gpt-oss models', () => {
    for (const model of ['gpt-oss:20b', 'gpt-oss', 'hf.co/unsloth/gpt-oss-20b-GGUF:Q4_K_M']) {
      expect(build({ model, reasoning: { effort: 'low' } })).toMatchObject({
        body: { think: 'low' },
        warnings: [],
      });
    }
  });

  it('an effort is think: true with a reasoning.effort warning for other models', () => {
    const { body, warnings } = build({ reasoning: { effort: 'high' } });
    expect(body.think).toBe(true);
    expect(unsupported(warnings)).toEqual(['reasoning.effort']);
  });

  it('a budget is think: true with a reasoning.budgetTokens warning; {} is think: true', () => {
    const { body, warnings } = build({
      model: 'gpt-oss:20b',
      reasoning: { budgetTokens: 2048, effort: 'medium' },
    });
    expect(body.think).toBe('medium');
    expect(unsupported(warnings)).toEqual(['reasoning.budgetTokens']);
    expect(build({ reasoning: {} })).toMatchObject({ body: { think: true }, warnings: [] });
  });

  it("the adapter's think stays the default; a call's reasoning wins over it", () => {
    expect(build({}, { think: 'high' }).body.think).toBe('high');
    expect(build({ reasoning: false }, { think: 'high' }).body.think).toBe(false);
    expect(build().body).not.toHaveProperty('think');
  });

  it('providerOptions.think wins over reasoning, which is then reported unused', () => {
    const { body, warnings } = build({ reasoning: { effort: 'low' }, providerOptions: { think: false } });
    expect(body.think).toBe(false);
    expect(warnings).toMatchObject([
      { type: 'other', message: expect.stringContaining('providerOptions.think') },
    ]);
  });
});
