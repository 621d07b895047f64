import { connect } from 'node:net';
import { startMockLlm } from '@tooling/mock-llm';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './cli-process.js';

// `Number.parseInt` read `--port 8x` as 8, and the server listened there. Every numeric flag of every command
// now goes through one parser while commander reads the command line: a bad value stops the CLI at once, before
// any provider is contacted, with the flag, the value and the accepted range on stderr, and exit code 1.

// A provider address nothing listens on: reaching the provider would fail differently, and slowly.
const unreachable = [
  '--provider',
  'openai-compatible',
  '--base-url',
  'http://127.0.0.1:9/v1',
  '--model',
  'm',
];

describe('a numeric flag with a bad value', () => {
  it.each([
    [['serve', '--port', '8x'], '--port', 'from 0 to 65535'],
    [['serve', '--port', '65536'], '--port', 'from 0 to 65535'],
    [['serve', '--port', '-1'], '--port', 'from 0 to 65535'],
    [['serve', '--port', '80.5'], '--port', 'from 0 to 65535'],
    [['serve', '--port', '1e3'], '--port', 'from 0 to 65535'],
    [['serve', '--request-timeout', '30s'], '--request-timeout', 'at least 0'],
    [['serve', '--max-connections', '0'], '--max-connections', 'at least 1'],
    [['chat', '--max-tokens', '16k'], '--max-tokens', 'at least 1'],
    [['demo', '--max-tokens', '0x10'], '--max-tokens', 'at least 1'],
    [['summarize', '-', '--context-tokens', '8192.5'], '--context-tokens', 'at least 1'],
  ])(
    '%j stops with a message naming the flag, and exit code 1',
    async (args, flag, range) => {
      const run = await runCli([...args, ...unreachable], { timeoutMs: 20_000 });
      expect(run.code).toBe(1);
      const [first = ''] = run.stderr.split('\n');
      expect(first).toContain(flag);
      expect(first).toContain(`'${args[args.indexOf(flag) + 1]}'`);
      expect(first).toContain(range);
      expect(run.stdout).toBe('');
    },
    30_000,
  );
});

describe('numeric flags with good values', () => {
  it('reach the command as numbers: serve --request-timeout 300 answers a trickling client 408', async () => {
    const mock = await startMockLlm();
    const child = startCli([
      'serve',
      '--provider',
      'openai-compatible',
      '--base-url',
      mock.openaiBaseUrl,
      '--model',
      'm',
      '--port',
      '0',
      '--request-timeout',
      '300',
      '--max-connections',
      '10',
    ]);
    try {
      let stdout = '';
      let stderr = '';
      child.stderr?.on('data', (data: Buffer) => {
        stderr += data.toString('utf8');
      });
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}${stderr}`)), 20_000);
        child.once('exit', () => {
          clearTimeout(timer);
          reject(new Error(`serve exited: ${stdout}${stderr}`));
        });
        child.stdout?.on('data', (data: Buffer) => {
          stdout += data.toString('utf8');
          const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (match?.[1] !== undefined) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const { port } = new URL(url);
      const answer = await new Promise<string>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: Number(port) });
        const parts: string[] = [];
        socket.setEncoding('utf8');
        socket.on('data', (text: string) => parts.push(text));
        socket.on('error', () => {});
        socket.write(
          'POST /generate HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n',
        );
        const trickle = setInterval(() => socket.write(' '), 50);
        socket.once('close', () => {
          clearInterval(trickle);
          resolve(parts.join(''));
        });
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await mock.close();
    }
  }, 40_000);
});
