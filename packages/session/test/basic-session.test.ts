import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicSession, createLLM } from '@core/session';
import { InvalidRequestError, type Message } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const apiKey = 'sk-session-test-SECRET-0123456789';
let mock: MockLlm;
let directory: string;
beforeAll(async () => {
  mock = await startMockLlm();
  directory = await mkdtemp(join(tmpdir(), 'abstractcore-session-'));
});
afterAll(async () => {
  await mock.close();
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => mock.reset());

const llmFor = () =>
  createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'test-model', apiKey, maxRetries: 0 });
type Body = { messages: Array<{ role: string; content: unknown }> };
const sentMessages = (index: number) =>
  (mock.requests[index]?.body as Body | undefined)?.messages.map(
    (message) => `${message.role}: ${String(message.content)}`,
  );

describe('BasicSession', () => {
  it('keeps the conversation: system first, then the turns in order, each sent with the history', async () => {
    const session = new BasicSession({ provider: llmFor(), systemPrompt: 'Be brief.' });
    mock.enqueue(
      { kind: 'text', text: 'A programming language.' },
      { kind: 'text', text: 'Web, data, scripts.' },
    );
    await session.agenerate('What is Python?');
    const second = await session.generate('What are its main use cases?');
    expect(second.content).toBe('Web, data, scripts.');
    expect(session.conversationHistory).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is Python?' },
      { role: 'assistant', content: 'A programming language.' },
      { role: 'user', content: 'What are its main use cases?' },
      { role: 'assistant', content: 'Web, data, scripts.' },
    ]);
    expect(sentMessages(1)).toEqual([
      'system: Be brief.',
      'user: What is Python?',
      'assistant: A programming language.',
      'user: What are its main use cases?',
    ]);
    session.clear();
    expect(session.conversationHistory).toEqual([{ role: 'system', content: 'Be brief.' }]);
  });

  it('runs two concurrent calls in call order, the second seeing the first', async () => {
    const session = new BasicSession({ provider: llmFor() });
    mock.enqueue(
      { kind: 'text', text: 'first answer', latency: { beforeHeadersMs: 80 } },
      { kind: 'text', text: 'second answer' },
    );
    const [first, second] = await Promise.all([
      session.agenerate('first question'),
      session.agenerate('second question'),
    ]);
    expect(first.content).toBe('first answer');
    expect(second.content).toBe('second answer');
    expect(sentMessages(1)).toEqual([
      'user: first question',
      'assistant: first answer',
      'user: second question',
    ]);
    expect(session.conversationHistory.map((message) => message.content)).toEqual([
      'first question',
      'first answer',
      'second question',
      'second answer',
    ]);
  });

  it('a failed turn leaves the history as it was, and the next turn goes on', async () => {
    const session = new BasicSession({ provider: llmFor() });
    mock.enqueue(
      { kind: 'text', text: 'hello' },
      { kind: 'status', status: 400 },
      { kind: 'text', text: 'still here' },
    );
    await session.agenerate('hi');
    const before = session.conversationHistory;
    await expect(session.agenerate('this one fails')).rejects.toSatisfy((error) =>
      InvalidRequestError.isInstance(error),
    );
    expect(session.conversationHistory).toEqual(before);
    await session.agenerate('again');
    expect(session.conversationHistory.map((message) => message.content)).toEqual([
      'hi',
      'hello',
      'again',
      'still here',
    ]);
  });

  it('an aborted turn commits nothing', async () => {
    const session = new BasicSession({ provider: llmFor() });
    mock.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = session.agenerate('never answered', { signal: controller.signal });
    await expect.poll(() => mock.requests.length).toBe(1);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(session.conversationHistory).toEqual([]);
  });

  it('commits a streamed turn once read to its end; a stream left early commits nothing; the next turn waits for it', async () => {
    const session = new BasicSession({ provider: llmFor() });
    mock.enqueue({ kind: 'text', chunks: ['one ', 'two ', 'three'] });
    const stream = await session.agenerate('count', { stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.content;
    expect(text).toBe('one two three');
    expect(session.conversationHistory.at(-1)).toEqual({ role: 'assistant', content: 'one two three' });

    mock.enqueue(
      { kind: 'text', chunks: ['a ', 'b ', 'c ', 'd'], latency: { betweenChunksMs: 20 } },
      { kind: 'text', text: 'after' },
    );
    const partial = await session.agenerate('letters', { stream: true });
    const next = session.agenerate('next');
    let waited = true;
    void next.then(() => {
      waited = false;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(waited).toBe(true);
    for await (const chunk of partial) if (chunk.content === 'b ') break;
    expect((await next).content).toBe('after');
    expect(session.conversationHistory.map((message) => message.content)).toEqual([
      'count',
      'one two three',
      'next',
      'after',
    ]);
  });

  it('saves and reloads identically, atomically, without the key', async () => {
    const session = new BasicSession({ provider: llmFor(), systemPrompt: 'You are terse.' });
    mock.enqueue({ kind: 'text', text: `I will never print ${apiKey}` });
    await session.agenerate([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image', image: new Uint8Array([1, 2, 3, 250]), mediaType: 'image/png' },
        ],
      },
    ]);
    const path = join(directory, 'chat.json');
    await session.save(path);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(apiKey);
    expect(JSON.parse(text)).toMatchObject({
      format: 'abstractcore-session',
      version: 1,
      provider: 'openai-compatible',
      model: 'test-model',
    });
    const again = await BasicSession.load(path, { provider: llmFor() });
    const history = session.conversationHistory;
    const last = history.at(-1) as Message;
    expect(again.conversationHistory.slice(0, -1)).toEqual(history.slice(0, -1));
    expect(again.conversationHistory.at(-1)).toEqual({ ...last, content: 'I will never print [REDACTED]' });
    expect(again.systemPrompt).toBe('You are terse.');
    mock.enqueue({ kind: 'text', text: 'continued' });
    await again.agenerate('go on');
    expect(sentMessages(1)).toContain('user: go on');
    expect((mock.requests[1]?.body as Body | undefined)?.messages).toHaveLength(4);
  });

  it('refuses a file that is not a saved session, naming it', async () => {
    const path = join(directory, 'not-a-session.json');
    await writeFile(path, '{"hello": 1}');
    await expect(BasicSession.load(path, { provider: llmFor() })).rejects.toThrow(
      /not-a-session\.json is not a saved session/,
    );
  });

  it('a process killed while saving leaves a readable file', async () => {
    const path = join(directory, 'killed.json');
    const script = `
      import { BasicSession, createLLM } from '@core/session';
      const llm = createLLM('openai-compatible', { baseUrl: 'http://127.0.0.1:9/v1', model: 'm' });
      const messages = Array.from({ length: 4000 }, (_, index) => ({ role: index % 2 ? 'assistant' : 'user', content: 'x'.repeat(200) + index }));
      let round = 0;
      process.stdout.write('ready\\n');
      for (;;) {
        const session = new BasicSession({ provider: llm, messages: messages.slice(0, 2000 + (round++ % 2000)) });
        await session.save(${JSON.stringify(path)});
      }
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const loaded = await BasicSession.load(path, { provider: llmFor() });
    expect(loaded.conversationHistory.length).toBeGreaterThanOrEqual(2000);
  });

  it('compacts older turns into a summary the model receives on the next call', async () => {
    const session = new BasicSession({ provider: llmFor(), systemPrompt: 'Be helpful.' });
    mock.enqueue(
      { kind: 'text', text: 'Nice to meet you, Ada.' },
      { kind: 'text', text: 'Rust is fast.' },
      { kind: 'text', text: 'Python is friendly.' },
      { kind: 'text', text: 'The user, Ada, asked about Rust and Python.' },
      { kind: 'text', text: 'Your name is Ada.' },
    );
    await session.agenerate('My name is Ada.');
    await session.agenerate('Tell me about Rust.');
    await session.agenerate('And Python?');
    await session.compact({ keepLast: 2 });
    expect(session.summary).toBe('The user, Ada, asked about Rust and Python.');
    expect(session.conversationHistory).toEqual([
      { role: 'system', content: 'Be helpful.' },
      {
        role: 'system',
        content: 'Summary of the earlier conversation:\nThe user, Ada, asked about Rust and Python.',
      },
      { role: 'user', content: 'And Python?' },
      { role: 'assistant', content: 'Python is friendly.' },
    ]);
    const compactionRequest = JSON.stringify(mock.requests[3]?.body);
    expect(compactionRequest).toContain('My name is Ada.');
    await session.agenerate('What is my name?');
    expect(sentMessages(4)).toEqual([
      'system: Be helpful.',
      'system: Summary of the earlier conversation:\nThe user, Ada, asked about Rust and Python.',
      'user: And Python?',
      'assistant: Python is friendly.',
      'user: What is my name?',
    ]);
  });

  it('compacts on its own once the conversation passes autoCompact.maxTokens', async () => {
    const session = new BasicSession({ provider: llmFor(), autoCompact: { maxTokens: 30, keepLast: 2 } });
    mock.enqueue(
      { kind: 'text', text: 'x'.repeat(80) },
      { kind: 'text', text: 'y'.repeat(80) },
      { kind: 'text', text: 'short summary' },
      { kind: 'text', text: 'answer' },
    );
    await session.agenerate('first');
    await session.agenerate('second');
    await session.agenerate('third');
    expect(session.summary).toBe('short summary');
    expect(sentMessages(3)?.[0]).toBe('system: Summary of the earlier conversation:\nshort summary');
  });
});
