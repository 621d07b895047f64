import { createLLM } from '@core/session';
import { validateRequestBody } from '@tooling/conformance';
import { hasSharedDirectory, sharedMissingReason } from '@tooling/fixtures';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIAdapter } from '../src/index.js';

// Says why a case is skipped; empty when ../shared is there.
const skipNote = hasSharedDirectory() ? '' : ` (skipped: ${sharedMissingReason})`;

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const apiKey = 'sk-test-schema-0123456789';
const parameters = {
  type: 'object',
  properties: { country: { type: 'string' } },
  required: ['country'],
  additionalProperties: false,
};
const tools = [{ name: 'get_capital', description: 'Capital of a country', parameters }];

async function sendBoth(model: string, options: Record<string, unknown>): Promise<unknown[]> {
  const llm = createLLM('openai', { baseUrl: mock.openaiBaseUrl, apiKey, model, reasoningEffort: 'medium' });
  mock.enqueue({ kind: 'text', text: 'ok' }, { kind: 'text', text: 'ok' });
  const messages = [
    { role: 'user' as const, content: 'Capital of the UK?' },
    {
      role: 'assistant' as const,
      content: '',
      toolCalls: [{ id: 'call_1', name: 'get_capital', arguments: { country: 'UK' } }],
    },
    { role: 'tool' as const, toolCallId: 'call_1', content: 'London' },
  ];
  await llm.agenerate(messages, { systemPrompt: 'Be brief.', tools, toolChoice: 'auto', ...options });
  for await (const _chunk of await llm.agenerate(messages, {
    systemPrompt: 'Be brief.',
    tools,
    stream: true,
    ...options,
  })) {
    // drain
  }
  await llm.unloadModel();
  return mock.requests.map((request) => request.body);
}

// ../shared/specs/openai-openapi.yaml, CreateChatCompletionRequest: validateRequestBody (from the conformance
// suite) loads it with a YAML parser and checks types, enums and that every top-level key is a defined property.
// Loading the 3 MB YAML spec takes seconds on a busy machine.
describe.skipIf(!hasSharedDirectory())(
  `request bodies against OpenAI's OpenAPI spec${skipNote}`,
  { timeout: 60_000 },
  () => {
    const sampling = { temperature: 0.4, topP: 0.8, maxTokens: 200, stop: ['END'], seed: 1 };

    it('a gpt-4o-mini body (system, sampling, tools, tool results), stream and not', async () => {
      const bodies = await sendBoth('gpt-4o-mini', sampling);
      expect(bodies).toHaveLength(2);
      for (const body of bodies) expect(await validateRequestBody('openai', body)).toEqual([]);
    });

    it('a reasoning-model body (developer role, max_completion_tokens, reasoning_effort), stream and not', async () => {
      const bodies = await sendBoth('o4-mini', sampling);
      for (const body of bodies) {
        expect(body).toMatchObject({ reasoning_effort: 'medium', max_completion_tokens: 200 });
        expect(await validateRequestBody('openai', body)).toEqual([]);
      }
    });

    it('an o1-mini body and a structured-output body', async () => {
      const bodies = await sendBoth('o1-mini', {});
      const adapter = createOpenAIAdapter({ baseUrl: mock.openaiBaseUrl, apiKey });
      mock.enqueue({ kind: 'text', text: '{"country":"UK"}' });
      await adapter.doGenerate({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Which country?' }],
        responseFormat: { type: 'json', schema: parameters, name: 'country' },
      });
      await adapter.unload();
      const structured = mock.requests.at(-1)?.body;
      expect(structured).toMatchObject({ response_format: { json_schema: { strict: true } } });
      for (const body of [...bodies, structured])
        expect(await validateRequestBody('openai', body)).toEqual([]);
    });

    it('catches a body that breaks the spec (the check is not vacuous)', async () => {
      const violations = await validateRequestBody('openai', {
        model: 'gpt-4o-mini',
        messages: [{ role: 'wizard', content: 'hi' }],
        top_k: 3,
      });
      expect(violations.some((violation) => violation.includes('top_k'))).toBe(true);
      expect(violations.length).toBeGreaterThan(1);
    });
  },
);
