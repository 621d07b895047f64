import {
  ContextLengthError,
  InvalidRequestError,
  ModelNotFoundError,
  ProviderAPIError,
  ProviderConnectionError,
} from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect, ollamaAt } from './helpers.js';

let mock: MockLlm;

beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const ndjsonHeaders = { 'content-type': 'application/x-ndjson' };
const textLine = (content: string): string =>
  `${JSON.stringify({ model: 'm', created_at: '2025-10-26T17:21:21Z', message: { role: 'assistant', content }, done: false })}\n`;

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

describe('Ollama error bodies', () => {
  it('turns 404 {"error": "model … not found"} into a ModelNotFoundError, stream or not', async () => {
    const body = { error: 'model "llama9" not found, try pulling it first' };
    mock.enqueue({ kind: 'status', status: 404, body }, { kind: 'status', status: 404, body });
    const llm = ollamaAt(mock);
    for (const failure of [
      await failureOf(llm.agenerate('hi')),
      await failureOf(llm.agenerate('hi', { stream: true })),
    ]) {
      expect(ModelNotFoundError.isInstance(failure)).toBe(true);
      expect((failure as ModelNotFoundError).status).toBe(404);
      expect((failure as ModelNotFoundError).message).toBe(body.error);
    }
  });

  it('keeps a 404 that is not about a model (plain-text "404 page not found") an InvalidRequestError', async () => {
    mock.enqueue({ kind: 'status', status: 404, body: '404 page not found' });
    const failure = await failureOf(ollamaAt(mock).agenerate('hi'));
    expect(InvalidRequestError.isInstance(failure)).toBe(true);
    expect(ModelNotFoundError.isInstance(failure)).toBe(false);
    expect((failure as Error).message).toBe('404 page not found');
  });

  it('turns a 400 about the context length into a ContextLengthError', async () => {
    mock.enqueue({
      kind: 'status',
      status: 400,
      body: { error: 'input length exceeds maximum context length' },
    });
    expect(ContextLengthError.isInstance(await failureOf(ollamaAt(mock).agenerate('hi')))).toBe(true);
  });

  it('throws a 200 {"error": …} body rather than returning it as content', async () => {
    mock.enqueue({
      kind: 'raw',
      headers: { 'content-type': 'application/json' },
      body: '{"error":"the model failed to generate a response"}',
    });
    const failure = await failureOf(ollamaAt(mock).agenerate('hi'));
    expect(ProviderAPIError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toBe('the model failed to generate a response');
  });
});

describe('200 bodies that are errors', () => {
  it('an /api/embed {"error": …} with a 200 is classified like a chat one', async () => {
    mock.enqueue({
      kind: 'raw',
      match: { path: '/api/embed' },
      headers: { 'content-type': 'application/json' },
      body: '{"error":"the input length exceeds the context length"}',
    });
    const failure = await failureOf(ollamaAt(mock).embed('hi'));
    expect(ContextLengthError.isInstance(failure), String(failure)).toBe(true);
    expect((failure as ContextLengthError).message).toBe('the input length exceeds the context length');
  });
});

describe('in-band stream errors are classified, never yielded', () => {
  const cases = [
    ['model "qwen3:99b" not found, try pulling it first', ModelNotFoundError.isInstance],
    ['the input length exceeds the context length', ContextLengthError.isInstance],
    ['an error was encountered while running the model', ProviderAPIError.isInstance],
  ] as const;
  for (const [message, isExpectedClass] of cases) {
    it(`{"error": "${message}"}`, async () => {
      mock.enqueue({
        kind: 'raw',
        headers: ndjsonHeaders,
        pieces: [textLine('Hello'), `${JSON.stringify({ error: message })}\n`],
      });
      const stream = await ollamaAt(mock).agenerate('hi', { stream: true });
      const contents: string[] = [];
      const failure = await failureOf(
        (async () => {
          for await (const chunk of stream) contents.push(chunk.content);
        })(),
      );
      expect(contents).toEqual(['Hello']);
      expect(isExpectedClass(failure)).toBe(true);
      expect((failure as ProviderAPIError).message).toBe(message);
      expect((failure as ProviderAPIError).retryable).toBe(false);
    });
  }

  it('keeps the line on the error, as an HTTP error keeps its body', async () => {
    mock.enqueue({
      kind: 'raw',
      headers: ndjsonHeaders,
      pieces: [textLine('Hi'), `${JSON.stringify({ error: 'the model runner stopped' })}\n`],
    });
    const failure = await failureOf(collect(await ollamaAt(mock).agenerate('hi', { stream: true })));
    expect(failure).toMatchObject({
      provider: 'ollama',
      model: 'test-model',
      responseBody: '{"error":"the model runner stopped"}',
    });
  });

  it('rejects at the await when the first line is already an error', async () => {
    mock.enqueue({
      kind: 'raw',
      headers: ndjsonHeaders,
      body: '{"error":"model \\"nope\\" not found, try pulling it first"}\n',
    });
    const failure = await failureOf(ollamaAt(mock).agenerate('hi', { stream: true }));
    expect(ModelNotFoundError.isInstance(failure)).toBe(true);
  });
});

describe('a stream without its done line', () => {
  it('is a ProviderConnectionError, not a quiet ending', async () => {
    mock.enqueue({ kind: 'truncated' });
    const stream = await ollamaAt(mock).agenerate('hi', { stream: true });
    const failure = await failureOf(collect(stream));
    expect(ProviderConnectionError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/done: true/);
  });

  it('also when the body ends after text lines only', async () => {
    mock.enqueue({ kind: 'raw', headers: ndjsonHeaders, pieces: [textLine('Hel'), textLine('lo')] });
    const stream = await ollamaAt(mock).agenerate('hi', { stream: true });
    expect(ProviderConnectionError.isInstance(await failureOf(collect(stream)))).toBe(true);
  });
});
