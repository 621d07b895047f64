import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createLLM, events, gather, RateLimiter } from '@core/session';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  mock.setDefault({ latency: {} });
});

const llmFor = (options: Record<string, unknown> = {}) =>
  createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'test-model', ...options });
const arrivals = () => mock.requests.map((request) => request.receivedAt).sort((a, b) => a - b);

describe('gather', () => {
  it('runs tasks with a concurrency limit, reports progress, and keeps task order', async () => {
    mock.setDefault({ latency: { beforeHeadersMs: 40 } });
    const llm = llmFor();
    const progress: Array<{ completed: number; total: number; failed: number }> = [];
    const topics = ['Python', 'JavaScript', 'Rust', 'Go', 'Zig', 'C'];
    const responses = await gather(
      topics.map((topic) => () => llm.agenerate(`Summarize ${topic}`)),
      { concurrency: 2, onProgress: (report) => progress.push(report) },
    );
    expect(responses.map((response) => response.content)).toEqual(
      topics.map((topic) => `Echo: Summarize ${topic}`),
    );
    expect(progress.at(-1)).toEqual({ completed: 6, total: 6, failed: 0 });
    expect(progress.map((report) => report.completed)).toEqual([1, 2, 3, 4, 5, 6]);
    const times = arrivals();
    for (let index = 2; index < times.length; index++)
      expect((times[index] ?? 0) - (times[index - 2] ?? 0)).toBeGreaterThanOrEqual(30);
  });

  it('with settle: true returns each result or error in order; without it, fails fast', async () => {
    const llm = llmFor({ maxRetries: 0 });
    mock.enqueue(
      { kind: 'text', text: 'one' },
      { kind: 'status', status: 400 },
      { kind: 'text', text: 'three' },
    );
    const results = await gather(
      ['a', 'b', 'c'].map((prompt) => () => llm.agenerate(prompt)),
      { concurrency: 1, settle: true },
    );
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]?.status === 'fulfilled' && results[0].value.content).toBe('one');

    mock.reset();
    mock.enqueue({ kind: 'status', status: 400 });
    let started = 0;
    await expect(
      gather(
        [1, 2, 3].map(() => () => {
          started += 1;
          return llm.agenerate('x');
        }),
        { concurrency: 1 },
      ),
    ).rejects.toThrow();
    expect(started).toBe(1);
  });
});

describe('rate limits', () => {
  it('requestsPerSecond holds as the server measures it', async () => {
    const llm = llmFor({ rateLimit: { requestsPerSecond: 4 } });
    await Promise.all(Array.from({ length: 10 }, (_, index) => llm.agenerate(`r${index}`)));
    const times = arrivals();
    // In any window of one second no more than four requests arrive.
    for (let index = 4; index < times.length; index++)
      expect((times[index] ?? 0) - (times[index - 4] ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('one RateLimiter shared by two LLMs is one budget', async () => {
    const limiter = new RateLimiter({ requestsPerSecond: 3 });
    const first = llmFor({ rateLimit: limiter });
    const second = llmFor({ rateLimit: limiter, model: 'other-model' });
    await Promise.all(
      Array.from({ length: 6 }, (_, index) => (index % 2 ? first : second).agenerate(`s${index}`)),
    );
    const times = arrivals();
    for (let index = 3; index < times.length; index++)
      expect((times[index] ?? 0) - (times[index - 3] ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('tokensPerMinute holds back calls past the token budget', async () => {
    const limiter = new RateLimiter({ tokensPerMinute: 100 });
    await limiter.acquire({ tokens: 80 });
    let passed = false;
    const waiting = limiter.acquire({ tokens: 40 }).then(() => {
      passed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(passed).toBe(false);
    const controller = new AbortController();
    const aborted = limiter.acquire({ tokens: 1, signal: controller.signal });
    controller.abort(new Error('no longer needed'));
    await expect(aborted).rejects.toThrow('no longer needed');
    void waiting;
  });

  it('waiting for the limiter respects the call signal', async () => {
    const llm = llmFor({ rateLimit: { requestsPerSecond: 1 } });
    await llm.agenerate('uses the budget');
    const controller = new AbortController();
    const pending = llm.agenerate('waits', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled while waiting')), 50);
    await expect(pending).rejects.toThrow('cancelled while waiting');
    expect(mock.requests).toHaveLength(1);
  });
});

describe('events', () => {
  it('a handler that throws or rejects never breaks a generation; the process is warned', async () => {
    // In a child process: the warning is what a user sees on stderr, and it stays out of this run's output.
    const script = `
      import { createLLM, events } from '@core/session';
      events.on('generation:start', () => { throw new Error('sync handler bug'); });
      events.on('generation:end', async () => { throw new Error('async handler bug'); });
      const llm = createLLM('openai-compatible', { baseUrl: process.env.MOCK_URL, model: 'test-model' });
      const response = await llm.agenerate('still works');
      await new Promise((resolve) => setTimeout(resolve, 10));
      process.stdout.write(response.content);
    `;
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, MOCK_URL: mock.openaiBaseUrl },
    });
    expect(stdout).toBe('Echo: still works');
    expect(stderr).toContain('AbstractCoreEventWarning: abstractcore event handler failed: sync handler bug');
    expect(stderr).toContain(
      'AbstractCoreEventWarning: abstractcore event handler failed: async handler bug',
    );
  });

  it('reports generation:error and the retries of a failing call', async () => {
    const seen: string[] = [];
    const offs = [
      events.on('retry', (event) => {
        seen.push(`retry ${event.attempt}`);
      }),
      events.on('generation:error', () => {
        seen.push('error');
      }),
    ];
    mock.enqueue({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    await expect(llmFor({ maxRetries: 1, retryInitialDelay: 1 }).agenerate('fails')).rejects.toThrow();
    for (const off of offs) off();
    expect(seen).toEqual(['retry 1', 'error']);
  });
});
