import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { continuationOf, goldens, hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

const script = fileURLToPath(new URL('./fixtures/load-generate-exit.mjs', import.meta.url));
// Generous: loading and 40 tokens take well under a second; a process kept alive would never end.
const exitBoundMs = 30_000;

function runScript(
  mode: 'unload' | 'keep',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, storiesPath(), mode], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (data: Buffer) => stdout.push(data));
    child.stderr.on('data', (data: Buffer) => stderr.push(data));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the process did not exit on its own within ${exitBoundMs} ms`));
    }, exitBoundMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

describe.skipIf(!hasStoriesModel)(`a process that used the model exits on its own${skipNote}`, () => {
  it('after unloadModel: the workers end and nothing keeps the event loop alive', async () => {
    const result = await runScript('unload');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ content: continuationOf(goldens[0]) });
  });

  it('without unloadModel: idle workers are unref-ed, so they do not hold the process', async () => {
    const result = await runScript('keep');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ content: continuationOf(goldens[0]) });
  });
});
