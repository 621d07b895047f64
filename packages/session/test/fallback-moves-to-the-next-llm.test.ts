import { createServer } from 'node:net';
import { createFallbackLLM, createLLM, events } from '@core/session';
import {
  AuthenticationError,
  InvalidRequestError,
  type LLM,
  ProviderAPIError,
  ProviderConnectionError,
} from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const apiKey = 'sk-test-FALLBACKSECRET1234567890';
let primaryMock: MockLlm;
let secondaryMock: MockLlm;
let closedPort: number;

// A port nothing listens on: bound once to learn a free number, then closed, so connecting is refused.
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  [primaryMock, secondaryMock, closedPort] = await Promise.all([
    startMockLlm(),
    startMockLlm(),
    findClosedPort(),
  ]);
});
afterAll(async () => {
  await Promise.all([primaryMock.close(), secondaryMock.close()]);
});
beforeEach(() => {
  primaryMock.reset();
  secondaryMock.reset();
});

const llmAt = (baseUrl: string, model: string, options: Record<string, unknown> = {}): LLM =>
  createLLM('openai-compatible', { baseUrl, model, apiKey, maxRetries: 0, retryInitialDelay: 1, ...options });
const primary = (options?: Record<string, unknown>) =>
  llmAt(primaryMock.openaiBaseUrl, 'primary-model', options);
const secondary = () => llmAt(secondaryMock.openaiBaseUrl, 'secondary-model');
const refusing = () => llmAt(`http://127.0.0.1:${closedPort}/v1`, 'refusing-model');

function causesOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let cause = (error as { cause?: unknown }).cause;
  while (cause !== undefined && cause !== null && chain.length < 20) {
    chain.push(cause);
    cause = (cause as { cause?: unknown }).cause;
  }
  return chain;
}

describe('createFallbackLLM', () => {
  it('moves to the next LLM on a 500 once the first has used its own retries', async () => {
    primaryMock.enqueue({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    secondaryMock.enqueue({ kind: 'text', text: 'from the secondary' });
    const llm = createFallbackLLM([primary({ maxRetries: 1 }), secondary()]);
    const response = await llm.agenerate('hi');
    expect(response.content).toBe('from the secondary');
    expect(response.provider).toBe('openai-compatible');
    expect(response.model).toBe('secondary-model');
    expect(primaryMock.requests).toHaveLength(2); // the first attempt and its one retry
    expect(secondaryMock.requests).toHaveLength(1);
  });

  it('moves to the next LLM when the first refuses connections', async () => {
    secondaryMock.enqueue({ kind: 'text', text: 'still here' });
    const llm = createFallbackLLM([refusing(), secondary()]);
    const response = await llm.agenerate('hi');
    expect(response.content).toBe('still here');
    expect(response.model).toBe('secondary-model');
  });

  it('does not fall back on a 400: the request is at fault, not the provider', async () => {
    primaryMock.enqueue({ kind: 'status', status: 400 });
    const llm = createFallbackLLM([primary(), secondary()]);
    const error = await llm.agenerate('hi').catch((caught: unknown) => caught);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(secondaryMock.requests).toHaveLength(0);
  });

  it('does not fall back on an abort: it rejects with the reason', async () => {
    primaryMock.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = createFallbackLLM([primary(), secondary()]).agenerate('hi', {
      signal: controller.signal,
    });
    await expect.poll(() => primaryMock.requests.length).toBe(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(secondaryMock.requests).toHaveLength(0);
  });

  it('a stream falls back before its first chunk', async () => {
    primaryMock.enqueue({ kind: 'status', status: 503 });
    secondaryMock.enqueue({ kind: 'text', chunks: ['one ', 'two'] });
    const stream = await createFallbackLLM([primary(), secondary()]).agenerate('hi', { stream: true });
    const parts: string[] = [];
    for await (const chunk of stream) parts.push(chunk.content);
    expect(parts.join('')).toBe('one two');
    expect((await stream.completion).model).toBe('secondary-model');
  });

  it('a stream that breaks after its first chunk is not moved: the error reaches the for await', async () => {
    primaryMock.enqueue({ kind: 'reset-mid-stream', afterChunks: 1 });
    const stream = await createFallbackLLM([primary(), secondary()]).agenerate('hi', { stream: true });
    const error = await (async () => {
      for await (const _chunk of stream) {
        // read on
      }
    })().catch((caught: unknown) => caught);
    expect(ProviderConnectionError.isInstance(error)).toBe(true);
    expect(secondaryMock.requests).toHaveLength(0);
  });

  it('when every LLM fails, throws the last error with the earlier ones on its cause chain, keys redacted', async () => {
    primaryMock.enqueue({
      kind: 'status',
      status: 500,
      body: { error: { message: `upstream saw ${apiKey}` } },
    });
    secondaryMock.enqueue({ kind: 'status', status: 401 });
    const llm = createFallbackLLM([primary(), refusing(), secondary()]);
    const error = await llm.agenerate('hi').catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    const causes = causesOf(error);
    const connection = causes.find((cause) => ProviderConnectionError.isInstance(cause));
    const serverError = causes.find(
      (cause) => ProviderAPIError.isInstance(cause) && (cause as ProviderAPIError).status === 500,
    );
    expect(connection).toBeDefined();
    expect(serverError).toBeDefined();
    // Latest first: the refused connection (with its own transport cause) before the 500.
    expect(causes.indexOf(connection)).toBeLessThan(causes.indexOf(serverError));
    for (const view of [error, ...causes]) {
      expect(String(view)).not.toContain(apiKey);
      expect((view as Error).stack ?? '').not.toContain(apiKey);
      expect(JSON.stringify(view) ?? '').not.toContain(apiKey);
    }
  });

  it('keeps the class of a plain error thrown by an LLM', async () => {
    class CustomFailure extends Error {}
    const failing = (error: unknown): LLM =>
      ({ ...secondary(), agenerate: () => Promise.reject(error) }) as LLM;
    const first = new CustomFailure('first');
    const last = new CustomFailure('last');
    const llm = createFallbackLLM([failing(first), failing(last)], { shouldFallback: () => true });
    const error = await llm.agenerate('hi').catch((caught: unknown) => caught);
    expect(error).toBe(last);
    expect(error).toBeInstanceOf(CustomFailure);
    expect((error as Error).cause).toBe(first);
  });

  it('shouldFallback overrides the rule', async () => {
    primaryMock.enqueue({ kind: 'status', status: 400 });
    secondaryMock.enqueue({ kind: 'text', text: 'rescued' });
    const seen: unknown[] = [];
    const llm = createFallbackLLM([primary(), secondary()], {
      shouldFallback: (error) => {
        seen.push(error);
        return InvalidRequestError.isInstance(error);
      },
    });
    expect((await llm.agenerate('hi')).content).toBe('rescued');
    expect(seen).toHaveLength(1);
  });

  it('emits a fallback event per hop naming both LLMs and the error', async () => {
    primaryMock.enqueue({ kind: 'status', status: 500 });
    secondaryMock.enqueue({ kind: 'text', text: 'ok' });
    const seen: Array<{ from: unknown; to: unknown; error: unknown; requestId: string; operation: string }> =
      [];
    const off = events.on('fallback', (event) => {
      seen.push(event);
    });
    try {
      await createFallbackLLM([refusing(), primary(), secondary()]).agenerate('hi');
    } finally {
      off();
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]?.from).toEqual({ provider: 'openai-compatible', model: 'refusing-model' });
    expect(seen[0]?.to).toEqual({ provider: 'openai-compatible', model: 'primary-model' });
    expect(ProviderConnectionError.isInstance(seen[0]?.error)).toBe(true);
    expect(seen[1]?.to).toEqual({ provider: 'openai-compatible', model: 'secondary-model' });
    expect((seen[1]?.error as ProviderAPIError | undefined)?.status).toBe(500);
    expect(seen[0]?.operation).toBe('chat');
    expect(seen[0]?.requestId).toBe(seen[1]?.requestId);
  });

  it('embed and listModels fall back too', async () => {
    const llm = createFallbackLLM([refusing(), secondary()]);
    expect((await llm.listModels()).map((model) => model.id)).toEqual(['mock-model']);
    expect(await llm.embed(['a', 'b'])).toHaveLength(2);
  });

  it('rejects an empty list or a non-LLM at once', () => {
    expect(() => createFallbackLLM([])).toThrow(TypeError);
    expect(() => createFallbackLLM([{} as LLM])).toThrow(TypeError);
  });
});
