// An error inside a 200 (a body, or a stream chunk) gets its class from @core/http's one in-band mapper:
// the status the wire names when it names one, else the parsed code, else the message.
import { createLLM } from '@core/session';
import { ContextLengthError, type LLM, ProviderAPIError, RateLimitError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
let llm: LLM;
beforeAll(async () => {
  mock = await startMockLlm();
  llm = createLLM('openrouter', {
    baseUrl: mock.openaiBaseUrl,
    model: 'test-model',
    apiKey: 'sk-or-test-inband-0123456789',
    maxRetries: 0,
  });
});
afterAll(async () => {
  await llm.unloadModel();
  await mock.close();
});
beforeEach(() => mock.reset());

function enqueueError(stream: boolean, error: Record<string, unknown>): void {
  const body = stream
    ? [
        'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}',
        `data: ${JSON.stringify({ error, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] })}`,
        '',
      ].join('\n\n')
    : JSON.stringify({ error });
  mock.enqueue({
    kind: 'raw',
    status: 200,
    headers: { 'content-type': stream ? 'text/event-stream' : 'application/json' },
    body,
  });
}

async function failure(stream: boolean): Promise<unknown> {
  try {
    const result = await llm.agenerate('hi', { stream });
    if (stream)
      for await (const _chunk of result as AsyncIterable<unknown>) {
        // drain: an in-band error is thrown from the iterator
      }
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('in-band errors, stream and not', () => {
  it("OpenRouter's numeric code is the status: 429 is a retryable RateLimitError", async () => {
    for (const stream of [false, true]) {
      enqueueError(stream, { code: 429, message: 'Rate limit exceeded upstream' });
      const error = await failure(stream);
      expect(RateLimitError.isInstance(error), `stream: ${stream}`).toBe(true);
      expect(error).toMatchObject({ provider: 'openrouter', status: 429, retryable: true });
    }
  });

  it('without a status, a context-length code or message is a ContextLengthError', async () => {
    for (const stream of [false, true]) {
      enqueueError(stream, { code: 'context_length_exceeded', message: 'Too long.' });
      expect(ContextLengthError.isInstance(await failure(stream)), `code, stream: ${stream}`).toBe(true);
      enqueueError(stream, { message: "This model's maximum context length is 8192 tokens" });
      expect(ContextLengthError.isInstance(await failure(stream)), `message, stream: ${stream}`).toBe(true);
    }
  });

  it('an error that says nothing more is a ProviderAPIError that is not retried, with the message kept', async () => {
    for (const stream of [false, true]) {
      enqueueError(stream, { message: 'Something odd happened' });
      const error = await failure(stream);
      expect(ProviderAPIError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ message: 'Something odd happened', retryable: false });
    }
  });
});
