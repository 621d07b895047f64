import { describe, expect, it } from 'vitest';
import { openAIModelRules } from './openai-model-rules.js';

const noSettings = { reasoningEffort: undefined, reasoningModel: undefined };

describe('openAIModelRules', () => {
  it('chat models: max_tokens, every sampling option, the system role, no reasoning', () => {
    for (const model of ['gpt-4o-mini', 'gpt-5-chat-latest', 'test-model']) {
      expect(openAIModelRules(model, { reasoningEffort: 'high', reasoningModel: undefined })).toEqual({
        maxTokensField: 'max_tokens',
        rejectedOptions: [],
        instructionRole: 'system',
        reasoning: { field: 'none' },
      });
    }
  });

  it('reasoning models: max_completion_tokens, no temperature/top_p/stop, developer, reasoning_effort', () => {
    const rules = openAIModelRules('o4-mini', { reasoningEffort: 'low', reasoningModel: undefined });
    expect(rules).toMatchObject({
      maxTokensField: 'max_completion_tokens',
      rejectedOptions: ['temperature', 'topP', 'stop'],
      instructionRole: 'developer',
      reasoning: { field: 'reasoning_effort', defaultEffort: 'low' },
    });
    expect(rules.rejectedBecause).toContain('o4-mini is a reasoning model');
    expect(rules.reasoning).not.toHaveProperty('off');
    expect(openAIModelRules('o1-mini', noSettings).instructionRole).toBe('user');
  });

  it('says how each family turns reasoning off, or why it cannot', () => {
    expect(openAIModelRules('gpt-5-nano', noSettings).reasoning).toEqual({
      field: 'reasoning_effort',
      off: { reasoning_effort: 'minimal' },
    });
    expect(openAIModelRules('gpt-5.1', noSettings).reasoning).toEqual({
      field: 'reasoning_effort',
      off: { reasoning_effort: 'none' },
    });
    expect(openAIModelRules('o3', noSettings).reasoning).toEqual({
      field: 'reasoning_effort',
      offUnavailableBecause: 'o3 always reasons: OpenAI has no reasoning_effort that turns it off',
    });
  });

  it('follows the reasoningModel option', () => {
    expect(
      openAIModelRules('my-deployment', { reasoningEffort: undefined, reasoningModel: true }),
    ).toMatchObject({ maxTokensField: 'max_completion_tokens', instructionRole: 'developer' });
    expect(
      openAIModelRules('o3-mini', { reasoningEffort: undefined, reasoningModel: false }).reasoning,
    ).toEqual({
      field: 'none',
    });
  });
});
