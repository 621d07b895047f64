import type { ProviderRequest, Warning } from '@core/types';
import { describe, expect, it } from 'vitest';
import { buildChatCompletionsBody } from './build-chat-completions-body.js';
import {
  lmStudioPreset,
  openAICompatiblePreset,
  openRouterPreset,
  vllmPreset,
} from './openai-compatible-options.js';
import type { ChatCompletionsPreset } from './openai-compatible-preset.js';

const schema = {
  type: 'object',
  properties: { answer: { type: 'number' } },
  required: ['answer'],
  additionalProperties: false,
};
const tools = [{ name: 'lookup', description: 'Look it up', parameters: schema }];

function request(extra: Partial<ProviderRequest> = {}): ProviderRequest {
  return {
    model: 'test-model',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ],
    ...extra,
  };
}

function optionsOf(warnings: readonly Warning[]): string[] {
  return warnings.map((warning) => (warning.type === 'unsupported-option' ? warning.option : warning.type));
}

const sampling = { temperature: 0.2, topP: 0.9, topK: 40, maxTokens: 300, stop: ['END'], seed: 7 };

describe('buildChatCompletionsBody: what each preset sends and reports', () => {
  it('openai-compatible: sampling as written, no top_k (reported), the system role, usage in streams', () => {
    const { body, warnings } = buildChatCompletionsBody(openAICompatiblePreset, request(sampling), true);
    expect(body).toEqual({
      model: 'test-model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 300,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
    });
    expect(warnings).toEqual([
      {
        type: 'unsupported-option',
        provider: 'openai-compatible',
        option: 'topK',
        message: 'topK was not sent: openai-compatible has no top_k parameter',
      },
    ]);
  });

  it.each([lmStudioPreset, vllmPreset, openRouterPreset])(
    '$provider sends top_k and every sampling option',
    (preset) => {
      const { body, warnings } = buildChatCompletionsBody(preset, request(sampling), false);
      expect(body).toMatchObject({
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        max_tokens: 300,
        stop: ['END'],
        seed: 7,
      });
      expect(body).not.toHaveProperty('stream');
      expect(warnings).toEqual([]);
    },
  );

  it('vLLM also constrains a response schema with guided_json; the others send response_format alone', () => {
    const responseFormat = { type: 'json' as const, schema, name: 'answer' };
    const vllm = buildChatCompletionsBody(vllmPreset, request({ responseFormat }), false).body;
    expect(vllm.guided_json).toBe(schema);
    expect(vllm.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'answer', schema } });
    const generic = buildChatCompletionsBody(openAICompatiblePreset, request({ responseFormat }), false).body;
    expect(generic).not.toHaveProperty('guided_json');
    const json = buildChatCompletionsBody(
      vllmPreset,
      request({ responseFormat: { type: 'json' } }),
      false,
    ).body;
    expect(json.response_format).toEqual({ type: 'json_object' });
    expect(json).not.toHaveProperty('guided_json');
  });

  it('sends tools and the tool choice; a required tool choice without tools is reported', () => {
    const withTools = buildChatCompletionsBody(
      openAICompatiblePreset,
      request({ tools, toolChoice: 'required' }),
      false,
    );
    expect(withTools.body.tool_choice).toBe('required');
    expect(withTools.body.tools?.[0]?.function).toEqual({
      name: 'lookup',
      description: 'Look it up',
      parameters: schema,
    });
    expect(withTools.warnings).toEqual([]);
    const without = buildChatCompletionsBody(
      openAICompatiblePreset,
      request({ toolChoice: { name: 'lookup' } }),
      false,
    );
    expect(without.body).not.toHaveProperty('tool_choice');
    expect(optionsOf(without.warnings)).toEqual(['toolChoice']);
    expect(
      buildChatCompletionsBody(openAICompatiblePreset, request({ toolChoice: 'none' }), false).warnings,
    ).toEqual([]);
  });

  it('merges providerOptions last, unchanged, over what it built', () => {
    const { body } = buildChatCompletionsBody(
      vllmPreset,
      request({
        temperature: 0.2,
        reasoning: false,
        providerOptions: { temperature: 1, repetition_penalty: 1.1 },
      }),
      false,
    );
    expect(body).toMatchObject({
      temperature: 1,
      repetition_penalty: 1.1,
      chat_template_kwargs: { enable_thinking: false },
    });
  });

  it('does not touch the caller’s messages or stop array', () => {
    const stop = ['END'];
    const call = request({ stop });
    const { body } = buildChatCompletionsBody(openAICompatiblePreset, call, false);
    expect(body.stop).toEqual(stop);
    expect(body.stop).not.toBe(stop);
    expect(call.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });
});

describe('buildChatCompletionsBody: the reasoning option per preset', () => {
  const effort = { reasoning: { effort: 'high' as const } };
  const budget = { reasoning: { budgetTokens: 1024 } };
  const both = { reasoning: { effort: 'low' as const, budgetTokens: 1024 } };
  const off = { reasoning: false as const };

  it.each([openAICompatiblePreset, lmStudioPreset])(
    '$provider: effort as reasoning_effort; a budget and off are reported',
    (preset) => {
      expect(buildChatCompletionsBody(preset, request(effort), false)).toMatchObject({
        body: { reasoning_effort: 'high' },
        warnings: [],
      });
      const withBudget = buildChatCompletionsBody(preset, request(both), false);
      expect(withBudget.body.reasoning_effort).toBe('low');
      expect(optionsOf(withBudget.warnings)).toEqual(['reasoning.budgetTokens']);
      const offCall = buildChatCompletionsBody(preset, request(off), false);
      expect(offCall.body).not.toHaveProperty('reasoning_effort');
      expect(optionsOf(offCall.warnings)).toEqual(['reasoning']);
      expect(offCall.warnings[0]?.message).toBe(
        `reasoning: false was not sent: ${preset.provider} documents no way to turn reasoning off for test-model`,
      );
    },
  );

  it('vLLM: effort as reasoning_effort, off through chat_template_kwargs.enable_thinking, a budget reported', () => {
    expect(buildChatCompletionsBody(vllmPreset, request(effort), false).body.reasoning_effort).toBe('high');
    expect(buildChatCompletionsBody(vllmPreset, request(off), false)).toMatchObject({
      body: { chat_template_kwargs: { enable_thinking: false } },
      warnings: [],
    });
    const withBudget = buildChatCompletionsBody(vllmPreset, request(budget), false);
    expect(withBudget.body).not.toHaveProperty('reasoning_effort');
    expect(optionsOf(withBudget.warnings)).toEqual(['reasoning.budgetTokens']);
  });

  it('OpenRouter: one reasoning object, effort or max_tokens (the budget wins, effort reported), enabled', () => {
    const build = (extra: Partial<ProviderRequest>) =>
      buildChatCompletionsBody(openRouterPreset, request(extra), false);
    expect(build(effort)).toMatchObject({ body: { reasoning: { effort: 'high' } }, warnings: [] });
    expect(build(budget)).toMatchObject({ body: { reasoning: { max_tokens: 1024 } }, warnings: [] });
    expect(build(off)).toMatchObject({ body: { reasoning: { enabled: false } }, warnings: [] });
    expect(build({ reasoning: {} }).body.reasoning).toEqual({ enabled: true });
    const bothCall = build(both);
    expect(bothCall.body.reasoning).toEqual({ max_tokens: 1024 });
    expect(optionsOf(bothCall.warnings)).toEqual(['reasoning.effort']);
    expect(build({}).body).not.toHaveProperty('reasoning');
  });
});

describe('buildChatCompletionsBody: per-model rules and strict schemas (the data OpenAI uses)', () => {
  const reasoningPreset: ChatCompletionsPreset = {
    provider: 'example',
    topK: false,
    strictSchemas: {
      isStrict: (candidate) => candidate.additionalProperties === false,
      schemaName: (name) => name.replace(/ /g, '_'),
    },
    modelRules: (model) =>
      model.startsWith('r')
        ? {
            maxTokensField: 'max_completion_tokens',
            rejectedOptions: ['temperature', 'topP', 'stop'],
            rejectedBecause: `${model} is a reasoning model`,
            instructionRole: 'developer',
            reasoning: {
              field: 'reasoning_effort',
              defaultEffort: 'minimal',
              offUnavailableBecause: `${model} always reasons`,
            },
          }
        : {
            maxTokensField: 'max_tokens',
            rejectedOptions: [],
            instructionRole: 'system',
            reasoning: { field: 'none' },
          },
  };

  it('a reasoning model: max_completion_tokens, rejected options reported (stop silently: the pipeline cuts it)', () => {
    const { body, warnings } = buildChatCompletionsBody(
      reasoningPreset,
      request({ ...sampling, model: 'r1' }),
      false,
    );
    expect(body).toMatchObject({ max_completion_tokens: 300, seed: 7, reasoning_effort: 'minimal' });
    for (const absent of ['max_tokens', 'temperature', 'top_p', 'stop', 'top_k'])
      expect(body).not.toHaveProperty(absent);
    expect(body.messages[0]).toEqual({ role: 'developer', content: 'Be brief.' });
    expect(warnings.map((warning) => warning.message)).toEqual([
      'temperature was not sent: r1 is a reasoning model',
      'topP was not sent: r1 is a reasoning model',
      'topK was not sent: example has no top_k parameter',
    ]);
    const offCall = buildChatCompletionsBody(
      reasoningPreset,
      request({ model: 'r1', reasoning: false }),
      false,
    );
    expect(offCall.warnings[0]?.message).toBe('reasoning: false was not sent: r1 always reasons');
    expect(offCall.body).not.toHaveProperty('reasoning_effort');
  });

  it('a model that does not reason: reasoning asked for is reported, reasoning off is already so', () => {
    const asked = buildChatCompletionsBody(
      reasoningPreset,
      request({ model: 'chat', reasoning: { effort: 'low' } }),
      false,
    );
    expect(asked.warnings).toEqual([
      {
        type: 'unsupported-option',
        provider: 'example',
        option: 'reasoning',
        message: 'reasoning was not sent: chat is not a reasoning model',
      },
    ]);
    expect(
      buildChatCompletionsBody(reasoningPreset, request({ model: 'chat', reasoning: false }), false).warnings,
    ).toEqual([]);
  });

  it('marks strict tools and schemas while building, and makes the schema name fit', () => {
    const loose = { type: 'object', properties: { a: { type: 'string' } } };
    const { body } = buildChatCompletionsBody(
      reasoningPreset,
      request({
        model: 'chat',
        tools: [...tools, { name: 'loose', parameters: loose }],
        responseFormat: { type: 'json', schema, name: 'the answer' },
      }),
      false,
    );
    expect(body.tools?.map((tool) => tool.function.strict)).toEqual([true, undefined]);
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'the_answer', schema, strict: true },
    });
  });
});
