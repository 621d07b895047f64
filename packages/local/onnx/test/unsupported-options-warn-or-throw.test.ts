import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLLM } from '@core/session';
import {
  type GenerateResponse,
  type GenerateStream,
  type LLM,
  type ProviderRequest,
  type ProviderStream,
  UnsupportedOptionError,
} from '@core/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxAdapter, type OnnxAdapter } from '../dist/index.js';
import { hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

// A few greedy tokens are enough: these tests are about what the call reports, not what the model writes.
const short = { temperature: 0, maxTokens: 4, maxRetries: 0 } as const;

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function readToEnd(stream: ProviderStream): Promise<void> {
  while ((await stream.read()) !== undefined) {
    // drain
  }
}

describe.skipIf(!hasStoriesModel)(`options the onnx provider cannot honour${skipNote}`, () => {
  let llm: LLM;
  beforeAll(() => {
    llm = createLLM('onnx', { model: storiesPath(), ...short });
  });
  afterAll(() => llm.unloadModel());

  it('are warnings on a real generation, plain or streamed; honoured options stay silent', async () => {
    const honoured = await llm.agenerate('Once upon a time', { topK: 5, topP: 0.9, seed: 3, stop: ['.'] });
    expect(honoured.warnings).toEqual([]);

    const plain = await llm.agenerate('Once upon a time', { reasoning: { budgetTokens: 64 } });
    expect(plain.content.length).toBeGreaterThan(0);
    expect(plain.warnings).toEqual([
      {
        type: 'unsupported-option',
        provider: 'onnx',
        option: 'reasoning.budgetTokens',
        message: 'onnx cannot limit thinking tokens: a chat template has no thinking budget',
      },
    ]);

    const stream = (await llm.agenerate('Once upon a time', {
      stream: true,
      headers: { 'x-trace': '1' },
    })) as GenerateStream;
    for await (const _chunk of stream) {
      // read to the end
    }
    const streamed: GenerateResponse = await stream.completion;
    expect(
      streamed.warnings.map((warning) => warning.type === 'unsupported-option' && warning.option),
    ).toEqual(['headers']);
  });

  it('reasoning: false on a template without enable_thinking is a warning, and the model still runs', async () => {
    const response = await llm.agenerate('Once upon a time', { reasoning: false });
    expect(response.usage.outputTokens).toBe(4);
    expect(response.warnings).toMatchObject([{ option: 'reasoning', message: /no enable_thinking switch/ }]);
  });

  it("unsupportedOptions: 'error' throws UnsupportedOptionError before the model runs", async () => {
    const error = await failureOf(() =>
      llm.agenerate('Once upon a time', { reasoning: { budgetTokens: 64 }, unsupportedOptions: 'error' }),
    );
    expect(UnsupportedOptionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'onnx', warnings: [{ option: 'reasoning.budgetTokens' }] });
    // Whether reasoning can be turned off is the chat template's to say: known once the model has loaded,
    // still before a generation is queued.
    const templateError = await failureOf(() =>
      llm.agenerate('Once upon a time', { reasoning: false, unsupportedOptions: 'error' }),
    );
    expect(templateError).toMatchObject({
      name: 'UnsupportedOptionError',
      warnings: [{ option: 'reasoning' }],
    });
  });
});

describe.skipIf(!hasStoriesModel)(`the onnx adapter called directly${skipNote}`, () => {
  let adapter: OnnxAdapter;
  let model: string;
  beforeAll(() => {
    model = storiesPath();
    adapter = createOnnxAdapter({ model });
  });
  afterAll(() => adapter.unload());

  const request = (extra: Partial<ProviderRequest>): ProviderRequest => ({
    model,
    messages: [{ role: 'user', content: 'Once upon a time' }],
    temperature: 0,
    maxTokens: 4,
    ...extra,
  });
  const weather = { name: 'weather', parameters: { type: 'object' } };

  it("in 'error' mode throws for every option it cannot honour, and no worker starts", async () => {
    for (const stream of [false, true]) {
      const unsupported = request({
        tools: [weather],
        toolChoice: 'required',
        responseFormat: { type: 'json' },
        unsupportedOptions: 'error',
      });
      const error = await failureOf(() =>
        stream ? adapter.doStream(unsupported) : adapter.doGenerate(unsupported),
      );
      expect(UnsupportedOptionError.isInstance(error), `stream: ${stream}`).toBe(true);
      expect(
        (error as UnsupportedOptionError).warnings.map(
          (warning) => warning.type === 'unsupported-option' && warning.option,
        ),
      ).toEqual(['tools', 'toolChoice', 'responseFormat']);
    }
    expect(adapter.poolStats(model)).toBeUndefined();
  });

  it('otherwise generates and lists them on the result and on the stream', async () => {
    const warned = request({ tools: [weather], responseFormat: { type: 'json' } });
    const result = await adapter.doGenerate(warned);
    expect(result.usage.outputTokens).toBe(4);
    expect(
      result.warnings?.map((warning) => warning.type === 'unsupported-option' && warning.option),
    ).toEqual(['tools', 'responseFormat']);
    const stream = await adapter.doStream(warned);
    expect(stream.warnings).toEqual(result.warnings);
    await readToEnd(stream);

    const silent = await adapter.doGenerate(request({ tools: [weather], toolChoice: 'none', seed: 1 }));
    expect(silent.warnings).toBeUndefined();
  });
});

// The stories model's own template, with the switch Qwen3's templates have: turning thinking off adds a
// sentence to the prompt, which `usage.inputTokens` shows without reading the output.
const switchTemplate =
  "{{ bos_token }}{% if enable_thinking is defined and enable_thinking is false %}Tom had a red car. {% endif %}{% for message in messages %}{% if message['role'] == 'user' %}{{ message['content'] }}{% endif %}{% endfor %}";

describe.skipIf(!hasStoriesModel)(`a chat template with enable_thinking${skipNote}`, () => {
  let directory: string;
  let llm: LLM;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'abstractcore-onnx-thinking-'));
    await mkdir(directory, { recursive: true });
    for (const file of ['config.json', 'generation_config.json', 'tokenizer.json']) {
      await copyFile(join(storiesPath(), file), join(directory, file));
    }
    const tokenizerConfig = JSON.parse(await readFile(join(storiesPath(), 'tokenizer_config.json'), 'utf8'));
    await writeFile(
      join(directory, 'tokenizer_config.json'),
      JSON.stringify({ ...tokenizerConfig, chat_template: switchTemplate }),
    );
    // The weights are the shared ones, linked rather than copied.
    await symlink(join(storiesPath(), 'onnx'), join(directory, 'onnx'), 'dir');
    llm = createLLM('onnx', { model: directory, ...short });
  });
  afterAll(async () => {
    await llm?.unloadModel();
    await rm(directory, { recursive: true, force: true });
  });

  it('reasoning: false passes enable_thinking: false to it; effort turns it on; neither warns', async () => {
    const unset = await llm.agenerate('Once upon a time');
    const off = await llm.agenerate('Once upon a time', { reasoning: false, unsupportedOptions: 'error' });
    const on = await llm.agenerate('Once upon a time', {
      reasoning: { effort: 'high' },
      unsupportedOptions: 'error',
    });
    expect(off.usage.inputTokens).toBeGreaterThan(unset.usage.inputTokens ?? Number.POSITIVE_INFINITY);
    expect(on.usage.inputTokens).toBe(unset.usage.inputTokens);
    expect([unset.warnings, off.warnings, on.warnings]).toEqual([[], [], []]);
  });

  it('a thinking budget still warns: the switch has no budget', async () => {
    const response = await llm.agenerate('Once upon a time', { reasoning: { budgetTokens: 64 } });
    expect(response.warnings).toMatchObject([{ option: 'reasoning.budgetTokens' }]);
  });
});
