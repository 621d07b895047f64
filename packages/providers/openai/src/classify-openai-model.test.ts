import { describe, expect, it } from 'vitest';
import { classifyOpenAIModel } from './classify-openai-model.js';

describe('classifyOpenAIModel', () => {
  it.each([
    'o1',
    'o1-2024-12-17',
    'o3',
    'o3-mini',
    'o3-pro',
    'o4-mini',
    'o4-mini-2025-04-16',
    'gpt-5',
    'gpt-5-mini',
    'gpt-5-nano',
    'gpt-5.1',
    'ft:o4-mini:acme::abc123',
  ])('%s is a reasoning model taking instructions as developer', (model) => {
    expect(classifyOpenAIModel(model)).toMatchObject({ reasoning: true, instructionRole: 'developer' });
  });

  it.each([
    ['gpt-5', 'minimal'],
    ['gpt-5-mini', 'minimal'],
    ['gpt-5-nano-2025-08-07', 'minimal'],
    ['gpt-5.1', 'none'],
    ['gpt-5.2-mini', 'none'],
    ['gpt-5-pro', undefined],
    ['o3-mini', undefined],
    ['o4-mini', undefined],
  ])('%s turns reasoning off with reasoning_effort %s (undefined: it cannot)', (model, offEffort) => {
    expect(classifyOpenAIModel(model).offEffort).toBe(offEffort);
  });

  it.each(['o1-mini', 'o1-mini-2024-09-12', 'o1-preview'])('%s takes instructions as user', (model) => {
    expect(classifyOpenAIModel(model)).toEqual({ reasoning: true, instructionRole: 'user' });
  });

  it.each([
    'gpt-4o-mini',
    'gpt-4o',
    'gpt-4.1-nano',
    'gpt-3.5-turbo',
    'gpt-5-chat-latest',
    'omni-moderation-latest',
    'test-model',
  ])('%s is not a reasoning model', (model) => {
    expect(classifyOpenAIModel(model)).toEqual({ reasoning: false, instructionRole: 'system' });
  });

  it('lets the reasoningModel option decide for names the detection does not know', () => {
    expect(classifyOpenAIModel('my-azure-deployment', true)).toEqual({
      reasoning: true,
      instructionRole: 'developer',
    });
    expect(classifyOpenAIModel('o3-mini', false)).toEqual({ reasoning: false, instructionRole: 'system' });
  });
});
