import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseOpenAiSse } from './wire-parsers.js';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliPath = join(packageDirectory, 'dist', 'cli.js');
let child: ChildProcessWithoutNullStreams | undefined;

beforeAll(() => {
  // Turbo builds before testing; a bare `vitest run` in a fresh clone builds here instead of failing.
  if (!existsSync(cliPath)) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(packageDirectory, 'tsconfig.build.json')], {
      stdio: 'inherit',
    });
  }
}, 60_000);

afterEach(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

function startCli(args: string[]): Promise<{ url: string; stdout: () => string }> {
  const started = spawn(process.execPath, [cliPath, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  child = started;
  let stdout = '';
  let stderr = '';
  started.stderr.on('data', (data: Buffer) => {
    stderr += data.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    started.stdout.on('data', (data: Buffer) => {
      stdout += data.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline !== -1) resolve({ url: JSON.parse(stdout.slice(0, newline)).url, stdout: () => stdout });
    });
    started.once('exit', (code) => reject(new Error(`mock-llm exited with ${code}: ${stderr}`)));
  });
}

describe('mock-llm CLI', () => {
  it('prints one {"url"} line, serves N-chunk streams, and exits cleanly on SIGTERM', async () => {
    const { url, stdout } = await startCli(['--port', '0', '--host', '127.0.0.1', '--chunks', '7']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'bench', stream: true, messages: [{ role: 'user', content: 'go' }] }),
    });
    const { chunks, done } = parseOpenAiSse(await response.text());
    expect(done).toBe(true);
    const contentChunks = chunks.filter(
      (chunk) =>
        typeof (chunk.choices as Array<{ delta: { content?: unknown } }>)[0]?.delta.content === 'string',
    );
    expect(contentChunks).toHaveLength(7);
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout()).toBe(`${JSON.stringify({ url })}\n`);
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const started = spawn(process.execPath, [cliPath, '--nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    started.stderr.on('data', (data: Buffer) => {
      stderr += data.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => started.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('usage: mock-llm');
  });
});
