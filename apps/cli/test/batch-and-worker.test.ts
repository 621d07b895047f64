import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { type RedisServer, redisMissingReason, startRedisServer } from '@tooling/redis-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockProviderFlags, runCli, startCli } from './cli-process.js';

// In CI Redis must be there (.ci/run installs it): a missing one fails there instead of skipping.
const redisSkipReason = process.env.CI === 'true' ? undefined : redisMissingReason();

let mock: MockLlm;
let directory: string;
beforeAll(async () => {
  mock = await startMockLlm({ latency: { beforeHeadersMs: 100 } });
  directory = await mkdtemp(join(tmpdir(), 'abstractcore-batch-'));
});
afterAll(async () => {
  await mock?.close();
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => mock?.reset());

const mockFlags = () => mockProviderFlags(mock);

/** A requests.jsonl of `count` good lines, with a broken line and a line without a prompt among them. */
function requestLines(count: number): { text: string; total: number; bad: number[] } {
  const lines = Array.from({ length: count }, (_, index) =>
    index % 3 === 0
      ? JSON.stringify({ prompt: `question ${index}` })
      : JSON.stringify({ id: `r${index}`, messages: [{ role: 'user', content: `question ${index}` }] }),
  );
  lines.splice(2, 0, '{"prompt": "unterminated');
  lines.splice(5, 0, JSON.stringify({ id: 'no-prompt', options: { maxTokens: 3 } }));
  return { text: `${lines.join('\n')}\n`, total: lines.length, bad: [3, 6] };
}

interface OutputLine {
  id: string | number;
  line: number;
  response?: { content: string };
  error?: { name: string; code: string | null; message: string };
}

function parseOutput(text: string): OutputLine[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as OutputLine);
}

function checkResults(results: OutputLine[], total: number, bad: number[]): void {
  expect(results).toHaveLength(total);
  expect(new Set(results.map((result) => result.line))).toEqual(
    new Set(Array.from({ length: total }, (_, index) => index + 1)),
  );
  for (const result of results) {
    if (bad.includes(result.line)) {
      expect(result.error?.name).toMatch(/SyntaxError|TypeError/);
      expect(result.response).toBeUndefined();
    } else {
      expect(result.error).toBeUndefined();
      expect(result.response?.content).toMatch(/^Echo: question \d+$/);
    }
  }
  // The id defaults to the line number; a line's own id is kept, even on a bad line.
  expect(results.find((result) => result.line === 1)?.id).toBe(1);
  expect(results.find((result) => result.line === 2)?.id).toBe('r1');
  expect(results.find((result) => result.line === 6)).toMatchObject({
    id: 'no-prompt',
    error: { code: 'invalid_request' },
  });
  expect(results.find((result) => result.line === 3)).toMatchObject({
    id: 3,
    error: { code: 'invalid_json' },
  });
}

describe('abstractcore batch without --redis', () => {
  it('runs every line in-process and writes one result per line, bad lines as errors', async () => {
    const { text, total, bad } = requestLines(12);
    const input = join(directory, 'in-process.jsonl');
    await writeFile(input, text);
    const run = await runCli(['batch', input, ...mockFlags(), '--concurrency', '3']);
    expect(run.code).toBe(0);
    checkResults(parseOutput(run.stdout), total, bad);
    expect(run.stderr).toContain(`${total} results (2 failed) from ${total} lines`);
    expect(mock.requests.filter((request) => request.path.endsWith('/chat/completions'))).toHaveLength(
      total - 2,
    );
  }, 60_000);

  it('stops with one line when the file cannot be read', async () => {
    const run = await runCli(['batch', join(directory, 'missing.jsonl'), ...mockFlags()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot read');
  }, 30_000);
});

describe.skipIf(redisSkipReason !== undefined)(
  'abstractcore batch --redis with two abstractcore workers',
  () => {
    let redis: RedisServer;
    const workers: ChildProcess[] = [];
    beforeAll(async () => {
      redis = await startRedisServer();
    }, 20_000);
    afterAll(async () => {
      for (const worker of workers) worker.kill('SIGKILL');
      await redis?.stop();
    });

    function startWorker(label: string): Promise<{ child: ChildProcess; results: () => number }> {
      const child = startCli([
        'worker',
        '--redis',
        redis.url,
        ...mockFlags(),
        '--concurrency',
        '3',
        // Short locks: the killed worker's requests run elsewhere within about two seconds.
        '--lock-duration',
        '1500',
        '--stalled-interval',
        '500',
      ]);
      workers.push(child);
      let output = '';
      return new Promise((resolve, reject) => {
        child.stdout?.on('data', (data: Buffer) => {
          output += data.toString('utf8');
          if (output.includes('abstractcore worker on queue'))
            resolve({ child, results: () => output.match(/ #\d+ ok /g)?.length ?? 0 });
        });
        child.stderr?.on('data', (data: Buffer) => {
          output += data.toString('utf8');
        });
        child.once('exit', (code) => reject(new Error(`worker ${label} exited with ${code}:\n${output}`)));
      });
    }

    it('writes one result per input line although a worker is killed mid-way', async () => {
      const { text, total, bad } = requestLines(40);
      const input = join(directory, 'queued.jsonl');
      const output = join(directory, 'results.jsonl');
      await writeFile(input, text);
      const [victim] = await Promise.all([startWorker('a'), startWorker('b')]);
      const batch = runCli(['batch', input, '--redis', redis.url, '--out', output], { timeoutMs: 60_000 });
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (victim.results() >= 3) {
            clearInterval(check);
            resolve();
          }
        }, 10);
      });
      victim.child.kill('SIGKILL');
      const run = await batch;
      expect(run.stderr).not.toContain('abstractcore:');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      checkResults(parseOutput(await readFile(output, 'utf8')), total, bad);
    }, 90_000);
  },
);
