import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockProviderFlags, runCli, startCli } from './cli-process.js';

let mock: MockLlm;
let directory: string;
beforeAll(async () => {
  mock = await startMockLlm();
  directory = await mkdtemp(join(tmpdir(), 'abstractcore-cli-'));
});
afterAll(async () => {
  await mock.close();
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => mock.reset());

const mockFlags = () => mockProviderFlags(mock);

describe('abstractcore chat', () => {
  it('answers piped input with memory, runs its commands, and exits at the end of input', async () => {
    const saved = join(directory, 'chat.json');
    mock.enqueue(
      { kind: 'text', text: 'Hello Ada!', usage: { input: 5, output: 3 } },
      { kind: 'text', text: 'You are Ada.', usage: { input: 9, output: 4 } },
    );
    const run = await runCli(['chat', ...mockFlags(), '--system', 'Be brief.'], {
      input: `My name is Ada.\nWhat is my name?\n/usage\n/save ${saved}\n`,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Hello Ada!\n');
    expect(run.stdout).toContain('You are Ada.\n');
    expect(run.stdout).toContain('Tokens: 14 in, 7 out, 21 in all.');
    expect(run.stdout).toContain(`Saved 5 messages to ${saved}.`);
    // The second turn carried the first: that is the memory.
    const second = mock.requests.filter((request) => request.path.endsWith('/chat/completions'))[1];
    expect(JSON.stringify(second?.body)).toContain('My name is Ada.');
    const file = JSON.parse(await readFile(saved, 'utf8'));
    expect(file.messages.map((message: { content: string }) => message.content)).toEqual([
      'My name is Ada.',
      'Hello Ada!',
      'What is my name?',
      'You are Ada.',
    ]);
  }, 60_000);

  it('loads a saved session, clears, sets the system prompt, and reports unknown commands without leaving', async () => {
    const saved = join(directory, 'earlier.json');
    await writeFile(
      saved,
      JSON.stringify({
        format: 'abstractcore-session',
        version: 1,
        provider: 'x',
        messages: [
          { role: 'user', content: 'earlier' },
          { role: 'assistant', content: 'reply' },
        ],
      }),
    );
    const run = await runCli(['chat', ...mockFlags()], {
      input: `/load ${saved}\n/history\n/bogus\n/system Speak French.\n/clear\nBonjour\n`,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Loaded 2 messages from ${saved}.`);
    expect(run.stdout).toMatch(/user +earlier/);
    expect(run.stderr).toContain('Unknown command /bogus');
    expect(run.stdout).toContain('Echo: Bonjour');
    const last = mock.requests.at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    expect(last.messages).toEqual([
      { role: 'system', content: 'Speak French.' },
      { role: 'user', content: 'Bonjour' },
    ]);
  }, 60_000);
});

describe('abstractcore summarize', () => {
  it('prints the summary of a file and exits 0; --json prints the whole result', async () => {
    const file = join(directory, 'report.md');
    await writeFile(file, '# Report\n\nRevenue grew twelve percent this quarter while costs stayed flat.\n');
    const answer = {
      summary: 'Revenue grew 12% with flat costs.',
      keyPoints: ['Revenue +12%', 'Costs flat'],
      confidence: 0.9,
    };
    mock.enqueue({ kind: 'text', text: JSON.stringify(answer) });
    const run = await runCli([
      'summarize',
      file,
      ...mockFlags(),
      '--style',
      'executive',
      '--length',
      'brief',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Revenue grew 12% with flat costs.');
    expect(run.stdout).toContain('- Costs flat');
    const asked = mock.requests.filter((request) => request.path.endsWith('/chat/completions'));
    expect(JSON.stringify(asked[0]?.body)).toContain('Revenue grew twelve percent');
    mock.enqueue({ kind: 'text', text: JSON.stringify(answer) });
    const json = await runCli(['summarize', '-', ...mockFlags(), '--json'], {
      input: 'Some text piped in to be summarised.',
    });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      summary: answer.summary,
      keyPoints: answer.keyPoints,
      wordCountOriginal: 7,
    });
  }, 60_000);

  it('names a file it cannot read, in one line', async () => {
    const run = await runCli(['summarize', join(directory, 'missing.pdf'), ...mockFlags()]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('missing.pdf');
  }, 30_000);
});

describe('abstractcore serve', () => {
  it('answers the official openai client, logs one line per request, and stops on SIGTERM', async () => {
    const child = startCli(['serve', ...mockFlags(), '--port', '0', '--auth-token', 'demo-token']);
    let stdout = '';
    child.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString('utf8');
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}`)), 30_000);
      child.stdout?.on('data', () => {
        const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'demo-token', maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'test-model',
      messages: [{ role: 'user', content: 'Hi there' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Echo: Hi there');
    const stream = await client.chat.completions.create({
      model: 'test-model',
      messages: [{ role: 'user', content: 'Stream please' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Echo: Stream please');
    const models = await client.models.list();
    expect(models.data.length).toBeGreaterThan(0);
    await expect(
      new OpenAI({ baseURL: `${url}/v1`, apiKey: 'wrong', maxRetries: 0 }).models.list(),
    ).rejects.toMatchObject({ status: 401 });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const logLines = stdout.split('\n').filter((line) => /^\d{4}-\d\d-\d\dT.* (GET|POST) \/v1\//.test(line));
    expect(logLines).toHaveLength(4);
    expect(logLines.some((line) => line.includes('POST /v1/chat/completions 200'))).toBe(true);
    expect(logLines.some((line) => line.includes('GET /v1/models 401'))).toBe(true);
    expect(stdout).toContain('stopped');
  }, 60_000);
});
