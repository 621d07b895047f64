import { createLLM, events } from '@core/session';
import { RateLimitError } from '@core/types';
import { embedText, type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm({ models: ['model-a', 'model-b'] });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const llmFor = (options: Record<string, unknown> = {}) =>
  createLLM('openai-compatible', {
    baseUrl: mock.openaiBaseUrl,
    model: 'test-model',
    retryInitialDelay: 1,
    ...options,
  });

function record(types: Array<'generation:start' | 'generation:end' | 'generation:error' | 'retry'>) {
  const seen: Array<{ type: string; operation: string; model: string }> = [];
  const offs = types.map((type) =>
    events.on(type, (event) => {
      seen.push({ type: event.type, operation: event.operation, model: event.model });
    }),
  );
  return {
    seen,
    off: () => {
      for (const off of offs) off();
    },
  };
}

describe('embed', () => {
  it('is retried after a 503, with retry and end events', async () => {
    mock.enqueue({ kind: 'status', status: 503, match: { path: '/v1/embeddings' } });
    const recorded = record(['generation:start', 'retry', 'generation:end']);
    try {
      const vectors = await llmFor().embed(['alpha', 'beta'], { model: 'embed-model' });
      expect(vectors).toEqual([embedText('alpha', 8), embedText('beta', 8)]);
    } finally {
      recorded.off();
    }
    expect(mock.requests.map((request) => request.path)).toEqual(['/v1/embeddings', '/v1/embeddings']);
    expect(recorded.seen).toEqual([
      { type: 'generation:start', operation: 'embeddings', model: 'embed-model' },
      { type: 'retry', operation: 'embeddings', model: 'embed-model' },
      { type: 'generation:end', operation: 'embeddings', model: 'embed-model' },
    ]);
  });

  it('waits for a maxConcurrency slot like a call', async () => {
    mock.setDefault({ latency: { beforeHeadersMs: 100 } });
    try {
      const llm = llmFor({ maxConcurrency: 1 });
      const call = llm.agenerate('hold the slot');
      const embedded = llm.embed('then embed', { model: 'embed-model' });
      await Promise.all([call, embedded]);
      const [first, second] = mock.requests;
      // The embedding request was sent only once the call's answer had come back.
      expect(first?.path).toBe('/v1/chat/completions');
      expect(second?.path).toBe('/v1/embeddings');
      expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(90);
    } finally {
      mock.setDefault({});
    }
  });
});

describe('listModels', () => {
  it('is retried after a 503', async () => {
    mock.enqueue({ kind: 'status', status: 503, match: { path: '/v1/models' } });
    const recorded = record(['retry']);
    try {
      const models = await llmFor().listModels();
      expect(models.map((model) => model.id)).toEqual(['model-a', 'model-b']);
    } finally {
      recorded.off();
    }
    expect(mock.requests).toHaveLength(2);
    expect(recorded.seen).toEqual([{ type: 'retry', operation: 'models', model: '' }]);
  });
});

describe('a 429 for an account out of quota', () => {
  const quota = {
    error: {
      message: 'You exceeded your current quota, please check your plan and billing details.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    },
  };

  it.each([false, true])('is not retried, and says so (stream: %s)', async (stream) => {
    mock.enqueue({ kind: 'status', status: 429, retryAfter: '1', body: quota });
    const error = await llmFor({ maxRetries: 3 })
      .agenerate('x', { stream })
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).retryable).toBe(false);
    expect((error as RateLimitError).code).toBe('insufficient_quota');
    expect((error as Error).message).toContain('out of quota');
    expect(mock.requests).toHaveLength(1);
  });

  it('while a plain 429 still is retried', async () => {
    mock.enqueue({ kind: 'status', status: 429, retryAfter: '0' });
    expect((await llmFor().agenerate('x')).content).toBe('Echo: x');
    expect(mock.requests).toHaveLength(2);
  });
});
