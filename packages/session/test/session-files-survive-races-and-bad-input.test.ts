import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicSession, createLLM } from '@core/session';
import { SessionFileError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockLlm;
let directory: string;
beforeAll(async () => {
  mock = await startMockLlm();
  directory = await mkdtemp(join(tmpdir(), 'abstractcore-session-files-'));
});
afterAll(async () => {
  await mock.close();
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => mock.reset());

const llmFor = () => createLLM('openai-compatible', { baseUrl: mock.openaiBaseUrl, model: 'test-model' });

describe('saving a session', () => {
  it('saves to one path at once leave one whole file, every time, and no temporary files', async () => {
    const path = join(directory, 'raced.json');
    const first = new BasicSession({
      provider: llmFor(),
      messages: Array.from({ length: 300 }, (_, index) => ({ role: 'user' as const, content: `a${index}` })),
    });
    const second = new BasicSession({
      provider: llmFor(),
      messages: Array.from({ length: 5 }, (_, index) => ({ role: 'user' as const, content: `b${index}` })),
    });
    for (let round = 0; round < 200; round++) {
      await Promise.all([first.save(path), second.save(path)]);
      const saved = JSON.parse(await readFile(path, 'utf8')) as { messages: unknown[] };
      expect([300, 5]).toContain(saved.messages.length);
      // Saves to one path run in call order: the last one started is the one left.
      expect(saved.messages.length).toBe(5);
    }
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('loading a session', () => {
  async function savedWith(name: string, messages: unknown[]): Promise<string> {
    const path = join(directory, name);
    await writeFile(
      path,
      JSON.stringify({ format: 'abstractcore-session', version: 1, provider: 'openai-compatible', messages }),
    );
    return path;
  }

  it.each([
    [
      'content that is a number',
      [
        { role: 'user', content: 'hi' },
        { role: 'user', content: 42 },
      ],
      'messages[1].content',
    ],
    ['an unknown role', [{ role: 'robot', content: 'beep' }], 'messages[0].role'],
    [
      'a part of no known type',
      [{ role: 'user', content: [{ type: 'audio', data: 'x' }] }],
      'messages[0].content[0].type',
    ],
    [
      'tool calls without arguments',
      [{ role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'f' }] }],
      'messages[0].toolCalls[0].arguments',
    ],
    ['a tool result without its call id', [{ role: 'tool', content: 'ok' }], 'messages[0].toolCallId'],
    ['a message that is not an object', ['hello'], 'messages[0]'],
  ])('refuses %s with a SessionFileError naming the file and the entry', async (_name, messages, entry) => {
    const path = await savedWith(`bad-${entry.replace(/\W+/g, '-')}.json`, messages);
    const error = await BasicSession.load(path, { provider: llmFor() }).catch((caught: unknown) => caught);
    expect(SessionFileError.isInstance(error)).toBe(true);
    const failure = error as SessionFileError;
    expect(failure.path).toBe(path);
    expect(failure.entry).toBe(entry);
    expect(failure.message).toContain(path);
    expect(failure.message).toContain(entry);
    expect(mock.requests).toHaveLength(0);
  });

  it('loads a valid file with every kind of message, and the next turn works', async () => {
    const path = await savedWith('valid.json', [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image', image: 'https://x.test/a.png' },
        ],
      },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'f', arguments: { a: 1 } }] },
      { role: 'tool', toolCallId: 'c1', toolName: 'f', content: '{"ok":true}' },
      {
        role: 'assistant',
        content: 'done',
        reasoning: 'thought',
        reasoningBlocks: [{ text: 'thought', signature: 's' }],
      },
    ]);
    const session = await BasicSession.load(path, { provider: llmFor() });
    mock.enqueue({ kind: 'text', text: 'continued' });
    const response = await session.agenerate('go on');
    expect(response.content).toBe('continued');
  });
});

describe('messages passed to a call', () => {
  it('are checked before anything is sent, naming the bad entry', async () => {
    const llm = llmFor();
    await expect(llm.agenerate([{ role: 'user', content: 42 } as never])).rejects.toThrow(
      new TypeError('prompt[0].content must be a string or an array of parts, got number'),
    );
    await expect(
      llm.agenerate('hi', { messages: [{ role: 'assistant', content: null } as never] }),
    ).rejects.toThrow('messages[0].content must be a string, got null');
    expect(mock.requests).toHaveLength(0);
  });
});
