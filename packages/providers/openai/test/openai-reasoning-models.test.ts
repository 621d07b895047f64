import { createLLM } from '@core/session';
import { InvalidRequestError } from '@core/types';
import { hasSharedDirectory, readFixtureText, sharedMissingReason } from '@tooling/fixtures';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// Says why a case is skipped; empty when ../shared is there.
const skipNote = hasSharedDirectory() ? '' : ` (skipped: ${sharedMissingReason})`;

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const apiKey = 'sk-test-reasoning-0123456789';
const sampling = { temperature: 0.2, topP: 0.9, maxTokens: 300, stop: ['END'], seed: 3 };

function llmFor(model: string, options: Record<string, unknown> = {}) {
  return createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey, model, maxRetries: 0, ...options });
}

function bodyOf(index: number): Record<string, unknown> {
  return mock.requests[index]?.body as Record<string, unknown>;
}

describe('reasoning models (o1/o3/o4, gpt-5)', () => {
  it.each(['o3-mini', 'o4-mini', 'gpt-5-nano'])(
    '%s: max_completion_tokens, no temperature/top_p/stop, instructions as developer, reasoning_effort',
    async (model) => {
      const llm = llmFor(model, { reasoningEffort: 'low' });
      mock.enqueue({ kind: 'text', text: 'fine' }, { kind: 'text', text: 'fine' });
      await llm.agenerate('hi', { systemPrompt: 'Be brief.', ...sampling });
      for await (const _chunk of await llm.agenerate('hi', {
        systemPrompt: 'Be brief.',
        stream: true,
        ...sampling,
      })) {
        // drain
      }
      for (const index of [0, 1]) {
        const body = bodyOf(index);
        expect(body.max_completion_tokens).toBe(300);
        expect(body.reasoning_effort).toBe('low');
        expect(body.seed).toBe(3);
        for (const rejected of ['max_tokens', 'temperature', 'top_p', 'stop', 'top_k']) {
          expect(body).not.toHaveProperty(rejected);
        }
        expect(body.messages).toEqual([
          { role: 'developer', content: 'Be brief.' },
          { role: 'user', content: 'hi' },
        ]);
      }
      await llm.unloadModel();
    },
  );

  it('o1-mini takes the system prompt as a user message (it rejects system and developer)', async () => {
    const llm = llmFor('o1-mini');
    mock.enqueue({ kind: 'text', text: 'fine' });
    await llm.agenerate('Hello', { systemPrompt: 'You are a helpful assistant.' });
    expect(bodyOf(0).messages).toEqual([
      { role: 'user', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Hello' },
    ]);
    expect(bodyOf(0)).not.toHaveProperty('reasoning_effort');
    await llm.unloadModel();
  });

  it('other models keep max_tokens, sampling options and the system role, and get no reasoning_effort', async () => {
    for (const model of ['gpt-4o-mini', 'gpt-5-chat-latest']) {
      mock.reset();
      const llm = llmFor(model, { reasoningEffort: 'high' });
      mock.enqueue({ kind: 'text', text: 'fine' });
      await llm.agenerate('hi', { systemPrompt: 'Be brief.', ...sampling });
      expect(bodyOf(0)).toMatchObject({
        max_tokens: 300,
        temperature: 0.2,
        top_p: 0.9,
        stop: ['END'],
        seed: 3,
      });
      expect(bodyOf(0)).not.toHaveProperty('max_completion_tokens');
      expect(bodyOf(0)).not.toHaveProperty('reasoning_effort');
      expect(bodyOf(0).messages).toEqual([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ]);
      await llm.unloadModel();
    }
  });

  it('follows the reasoningModel option for an unknown name, and lets providerOptions have the last word', async () => {
    const llm = llmFor('my-deployment', { reasoningModel: true });
    mock.enqueue({ kind: 'text', text: 'fine' });
    await llm.agenerate('hi', { maxTokens: 50, providerOptions: { reasoning_effort: 'minimal' } });
    expect(bodyOf(0)).toMatchObject({ max_completion_tokens: 50, reasoning_effort: 'minimal' });
    expect(bodyOf(0)).not.toHaveProperty('max_tokens');
    await llm.unloadModel();
  });

  it('reports reasoning tokens and cached input tokens from the usage details', async () => {
    const llm = llmFor('o4-mini');
    const usage = { input: 40, output: 25, cached: 32, reasoning: 18 };
    mock.enqueue({ kind: 'text', text: 'fine', usage }, { kind: 'text', text: 'fine', usage });
    const response = await llm.agenerate('hi');
    const expected = {
      inputTokens: 40,
      outputTokens: 25,
      totalTokens: 65,
      cachedInputTokens: 32,
      reasoningTokens: 18,
    };
    expect(response.usage).toEqual(expected);
    const chunks = [];
    for await (const chunk of await llm.agenerate('hi', { stream: true })) chunks.push(chunk);
    expect(chunks.at(-1)?.usage).toEqual(expected);
    await llm.unloadModel();
  });
});

describe.skipIf(!hasSharedDirectory())(`recorded 400s for reasoning-model rules${skipNote}`, () => {
  it('o1-mini rejecting the developer role is an InvalidRequestError with the provider message and code', async () => {
    const path = 'derived/pydantic-ai__test_openai_o1_mini_system_role-developer.0.response.json';
    const recorded = JSON.parse(await readFixtureText(path)) as {
      status: number;
      body: { error: { message: string; code: string } };
    };
    expect(recorded.status).toBe(400);
    const llm = llmFor('o1-mini');
    for (const stream of [false, true]) {
      mock.enqueue({ kind: 'fixture', path, format: 'response-json' });
      const error = await llm.agenerate('Hello', { stream }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        status: 400,
        provider: 'openai',
        code: recorded.body.error.code,
        message: recorded.body.error.message,
        retryable: false,
      });
    }
    await llm.unloadModel();
  });

  it('the legacy max_tokens 400 is an InvalidRequestError with the provider message and code', async () => {
    const path = 'openai/vercel-ai__reasoning-model-legacy-parameter-error.json';
    const text = await readFixtureText(path);
    const recorded = JSON.parse(text) as { error: { message: string; code: string } };
    const llm = llmFor('gpt-4o-mini');
    for (const stream of [false, true]) {
      mock.enqueue({
        kind: 'raw',
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: text,
      });
      const error = await llm.agenerate('Hello', { stream }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        status: 400,
        code: recorded.error.code,
        message: recorded.error.message,
        retryable: false,
      });
    }
    expect(mock.requests).toHaveLength(2);
    await llm.unloadModel();
  });
});
