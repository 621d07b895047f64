import type { ProviderAdapter, ProviderRequest } from '@core/types';
import { mockResponseId } from '@tooling/mock-llm';
import { describe, expect, it } from 'vitest';
import { readProviderStream, type SuiteContext } from './suite-context.js';

const request: ProviderRequest = {
  model: 'test-model',
  messages: [{ role: 'user', content: 'Who are you?' }],
};

// The URL a user points this wire at: OpenAI-style servers are configured with their `/v1`.
function configuredBaseUrl(context: SuiteContext): string {
  return context.target.wire === 'openai' ? context.mock.openaiBaseUrl : context.mock.url;
}

async function withAdapter(
  context: SuiteContext,
  baseUrl: string,
  use: (adapter: ProviderAdapter) => Promise<void>,
): Promise<void> {
  const adapter = context.target.createAdapter(baseUrl);
  try {
    await use(adapter);
  } finally {
    await adapter.unload();
  }
}

// The id the mock wrote into the body of the last request on this wire; undefined on a wire without one.
function sentResponseId(context: SuiteContext): string | undefined {
  const { wire } = context.target;
  const last = context.mock.requests.filter((recorded) => recorded.wire === wire).at(-1);
  if (last === undefined) throw new Error(`no ${wire} request recorded`);
  return mockResponseId(wire, last.id);
}

/**
 * What the session reads from the adapter itself for telemetry (issue 20): where requests go
 * (`server.address`, `server.port`) and the id the provider gave the completion (`gen_ai.response.id`).
 */
export function describeAdapterCases(context: SuiteContext): void {
  describe('what telemetry reads from the adapter', () => {
    it('names where requests go, without the credentials of a configured URL', async () => {
      const configured = configuredBaseUrl(context);
      await withAdapter(context, configured, async (adapter) => {
        expect(adapter.baseUrl).toBe(configured);
      });
      const withCredentials = configured.replace('://', '://someone:secret-password@');
      await withAdapter(context, withCredentials, async (adapter) => {
        expect(adapter.baseUrl).toBe(configured);
        // Still the same server: the call goes through.
        context.mock.enqueue({ kind: 'text', text: 'Reached.' });
        expect((await adapter.doGenerate(request)).content).toBe('Reached.');
      });
    });

    it('gives a result the completion id its body carried (none where the wire has none)', async () => {
      await withAdapter(context, configuredBaseUrl(context), async (adapter) => {
        context.mock.enqueue({ kind: 'text', text: 'I am a mock.' });
        const result = await adapter.doGenerate(request);
        expect(result.responseId).toBe(sentResponseId(context));
      });
    });

    it('puts the completion id on the finish chunk of a stream, and on no other', async () => {
      await withAdapter(context, configuredBaseUrl(context), async (adapter) => {
        context.mock.enqueue({ kind: 'text', chunks: ['I am', ' a', ' mock.'] });
        const chunks = await readProviderStream(await adapter.doStream(request));
        const last = chunks.at(-1);
        expect(last?.finishReason).toBe('stop');
        expect(last?.responseId).toBe(sentResponseId(context));
        expect(chunks.slice(0, -1).filter((chunk) => chunk.responseId !== undefined)).toEqual([]);
      });
    });
  });
}
