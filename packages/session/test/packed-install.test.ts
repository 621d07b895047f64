import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Installs the packed tarballs into scratch projects, as a user would, with npm (flat layout) and pnpm
// (strict layout), then runs createLLM there: lazy loading must resolve the provider in both.
const run = promisify(execFile);
const workspace = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const packages = [
  'packages/types',
  'packages/http',
  'packages/session',
  'packages/providers/openai-compatible',
];
const pnpm = ['-y', 'pnpm@10.34.9'];

let mock: MockLlm;
let scratch: string;
const tarballs = new Map<string, string>();

beforeAll(async () => {
  mock = await startMockLlm();
  scratch = await mkdtemp(join(tmpdir(), 'abstractcore-packed-'));
  const packDirectory = join(scratch, 'tarballs');
  for (const path of packages) {
    await run('npx', [...pnpm, 'pack', '--pack-destination', packDirectory], { cwd: join(workspace, path) });
  }
  for (const file of await readdir(packDirectory)) {
    const name = file.startsWith('core-')
      ? `@core/${file.slice(5).replace(/-\d.*$/, '')}`
      : `@provider/${file.slice(9).replace(/-\d.*$/, '')}`;
    tarballs.set(name, join(packDirectory, file));
  }
}, 120_000);

afterAll(async () => {
  await mock.close();
  await rm(scratch, { recursive: true, force: true });
});

const script = `
import { createLLM } from '@core/session';
const llm = createLLM('openai-compatible', { baseUrl: process.env.MOCK_URL, model: 'scratch-model' });
const response = await llm.agenerate('from a scratch project');
const stream = await llm.agenerate('streamed', { stream: true });
let streamed = '';
for await (const chunk of stream) streamed += chunk.content;
await llm.unloadModel();
let missing;
try {
  createLLM('anthropic', { apiKey: 'x' });
} catch (error) {
  missing = { name: error.name, message: error.message };
}
console.log(JSON.stringify({ content: response.content, streamed, missing }));
`;

async function installAndRun(manager: 'npm' | 'pnpm'): Promise<Record<string, unknown>> {
  const project = join(scratch, manager);
  const dependencies = Object.fromEntries([...tarballs].map(([name, path]) => [name, `file:${path}`]));
  const overrides = Object.fromEntries(
    [...tarballs].filter(([name]) => name.startsWith('@core/')).map(([name, path]) => [name, `file:${path}`]),
  );
  const manifest = {
    name: `scratch-${manager}`,
    private: true,
    type: 'module',
    dependencies: {
      '@core/session': dependencies['@core/session'],
      '@provider/openai-compatible': dependencies['@provider/openai-compatible'],
    },
    ...(manager === 'npm' ? { overrides } : { pnpm: { overrides } }),
  };
  await run('mkdir', ['-p', project]);
  await writeFile(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(project, 'main.mjs'), script);
  if (manager === 'npm') {
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
  } else {
    await run('npx', [...pnpm, 'install', '--prefer-offline', '--ignore-workspace'], { cwd: project });
  }
  const { stdout } = await run('node', ['main.mjs'], {
    cwd: project,
    env: { ...process.env, MOCK_URL: mock.openaiBaseUrl },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

describe('the packed packages, installed as a user would', () => {
  it.each(['npm', 'pnpm'] as const)(
    'work under %s: the provider loads lazily, a missing one names its package',
    async (manager) => {
      const result = await installAndRun(manager);
      expect(result.content).toBe('Echo: from a scratch project');
      expect(result.streamed).toBe('Echo: streamed');
      expect(result.missing).toEqual({
        name: 'ProviderNotInstalledError',
        message: expect.stringContaining('npm install @provider/anthropic'),
      });
    },
    180_000,
  );
});
