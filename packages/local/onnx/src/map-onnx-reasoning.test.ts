import { describe, expect, it } from 'vitest';
import { mapOnnxReasoning } from './map-onnx-reasoning.js';

const model = '/models/qwen3';

describe('mapOnnxReasoning', () => {
  it('passes nothing when the call sets no reasoning', () => {
    expect(mapOnnxReasoning(undefined, true, model)).toEqual({
      enableThinking: undefined,
      warning: undefined,
    });
    expect(mapOnnxReasoning(undefined, false, model)).toEqual({
      enableThinking: undefined,
      warning: undefined,
    });
  });

  it('with the template switch: false turns thinking off, any object turns it on, silently', () => {
    expect(mapOnnxReasoning(false, true, model)).toEqual({ enableThinking: false, warning: undefined });
    for (const reasoning of [
      {},
      { effort: 'low' as const },
      { effort: 'high' as const },
      { budgetTokens: 64 },
    ]) {
      expect(mapOnnxReasoning(reasoning, true, model)).toEqual({ enableThinking: true, warning: undefined });
    }
  });

  it('without the switch: a warning naming the option, and nothing passed', () => {
    expect(mapOnnxReasoning(false, false, model)).toEqual({
      enableThinking: undefined,
      warning: {
        type: 'unsupported-option',
        provider: 'onnx',
        option: 'reasoning',
        message: `the chat template of ${model} has no enable_thinking switch: thinking cannot be turned off`,
      },
    });
    expect(mapOnnxReasoning({ effort: 'medium' }, false, model).warning).toMatchObject({
      option: 'reasoning.effort',
    });
    expect(mapOnnxReasoning({}, false, model).warning).toMatchObject({ option: 'reasoning' });
    // The budget's warning is collectOnnxWarnings', whatever the template: not twice.
    expect(mapOnnxReasoning({ budgetTokens: 64 }, false, model)).toEqual({
      enableThinking: undefined,
      warning: undefined,
    });
  });
});
