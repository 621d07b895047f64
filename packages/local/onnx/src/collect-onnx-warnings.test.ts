import type { ProviderRequest } from '@core/types';
import { describe, expect, it } from 'vitest';
import { collectOnnxWarnings } from './collect-onnx-warnings.js';

const base: ProviderRequest = { model: '/models/stories', messages: [{ role: 'user', content: 'Hi' }] };
const weather = { name: 'weather', description: 'The weather', parameters: { type: 'object' } };

function optionsWarnedFor(request: Partial<ProviderRequest>): string[] {
  return collectOnnxWarnings({ ...base, ...request }).map((warning) =>
    warning.type === 'unsupported-option' ? warning.option : warning.message,
  );
}

describe('collectOnnxWarnings', () => {
  it('is silent for what the worker honours', () => {
    expect(
      optionsWarnedFor({
        temperature: 0.7,
        maxTokens: 8,
        topP: 0.9,
        topK: 20,
        seed: 7,
        stop: ['\n'],
        timeoutMs: 1000,
        idleTimeoutMs: 1000,
        providerOptions: { repetition_penalty: 1.1 },
        headers: {},
        tools: [],
        reasoning: { effort: 'high' },
      }),
    ).toEqual([]);
    // No tools wanted: the model is not asked to call any, as asked.
    expect(optionsWarnedFor({ tools: [weather], toolChoice: 'none' })).toEqual([]);
  });

  it('names what no local model can have, each in the caller’s spelling', () => {
    expect(optionsWarnedFor({ tools: [weather] })).toEqual(['tools']);
    expect(optionsWarnedFor({ tools: [weather], toolChoice: 'required' })).toEqual(['tools', 'toolChoice']);
    expect(optionsWarnedFor({ tools: [weather], toolChoice: { name: 'weather' } })).toEqual([
      'tools',
      'toolChoice',
    ]);
    expect(optionsWarnedFor({ responseFormat: { type: 'json' } })).toEqual(['responseFormat']);
    expect(optionsWarnedFor({ headers: { 'x-trace': '1' } })).toEqual(['headers']);
    expect(optionsWarnedFor({ reasoning: { effort: 'low', budgetTokens: 256 } })).toEqual([
      'reasoning.budgetTokens',
    ]);
  });

  it('gives each warning the provider and a message', () => {
    expect(collectOnnxWarnings({ ...base, headers: { 'x-trace': '1' } })).toEqual([
      {
        type: 'unsupported-option',
        provider: 'onnx',
        option: 'headers',
        message: expect.stringContaining('no HTTP request'),
      },
    ]);
  });
});
