import { createLLM, knownProviders, registerProvider } from '@core/session';
import { UnknownProviderError } from '@core/types';
import { createOpenAICompatibleAdapter } from '@provider/openai-compatible';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());

describe('createLLM and the provider registry', () => {
  it('knows the eight built-in names', () => {
    expect(knownProviders()).toEqual(
      expect.arrayContaining([
        'openai',
        'anthropic',
        'ollama',
        'lmstudio',
        'openrouter',
        'vllm',
        'openai-compatible',
        'onnx',
      ]),
    );
  });

  it('throws UnknownProviderError synchronously, listing the known names', () => {
    let error: unknown;
    try {
      createLLM('nonesuch');
    } catch (caught) {
      error = caught;
    }
    expect(UnknownProviderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('nonesuch');
    expect((error as Error).message).toContain('openai-compatible');
  });

  it('throws for a bad option synchronously, naming it', () => {
    expect(() => createLLM('openai-compatible', { temperature: -1 })).toThrow(/temperature/);
    expect(() => createLLM('openai-compatible', { maxRetries: 0.5 })).toThrow(RangeError);
  });

  it('rejects bad call input with a TypeError before any request', async () => {
    const llm = createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'm' });
    await expect(llm.agenerate(42 as never)).rejects.toThrow(TypeError);
    await expect(llm.agenerate('hi', { maxTokens: -3 })).rejects.toThrow(/maxTokens/);
    const noModel = createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl });
    await expect(noModel.agenerate('hi')).rejects.toThrow(/model/);
  });

  it('registerProvider adds a third-party provider that runs through the same pipeline', async () => {
    registerProvider(
      'acme',
      () => (settings) => createOpenAICompatibleAdapter({ ...settings, baseUrl: mock.openaiBaseUrl }),
    );
    expect(knownProviders()).toContain('acme');
    const llm = createLLM('acme', { model: 'acme-1' });
    const response = await llm.agenerate('hello acme');
    expect(response.content).toBe('Echo: hello acme');
  });

  it("a registered loader's failure reaches the caller unchanged, at the first call", async () => {
    registerProvider('ghost', async () => {
      const error = Object.assign(new Error("Cannot find package 'ghost-provider'"), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
      throw error;
    });
    const llm = createLLM('ghost', { model: 'g' });
    const error = await llm.agenerate('hi').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'ERR_MODULE_NOT_FOUND',
      message: expect.stringContaining('ghost-provider'),
    });
  });
});
