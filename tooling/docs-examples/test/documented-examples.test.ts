import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hasSharedDirectory, sharedMissingReason, sharedPath } from '@tooling/fixtures';
import { startMockLlm } from '@tooling/mock-llm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DocExample, extractExamples } from '../src/extract-examples.js';

// Every TypeScript block of README.md and docs/*.md is type-checked against the built packages and run
// against a loopback mock server (or the local test model), so a renamed option or a changed behaviour
// breaks `pnpm test` instead of the documentation.
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = resolve(packageRoot, '../..');
const generated = join(packageRoot, '.generated');
const run = promisify(execFile);

const documents = [
  'README.md',
  ...readdirSync(join(repositoryRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const examples: DocExample[] = documents.flatMap((document) =>
  extractExamples(readFileSync(join(repositoryRoot, document), 'utf8'), document),
);
const slug = (example: DocExample) =>
  `${example.file.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${example.index}`;
const usesLocalModel = (example: DocExample) => /createLLM\(\s*'onnx'/.test(example.code);

let typeErrors = '';
beforeAll(async () => {
  await rm(generated, { recursive: true, force: true });
  await mkdir(join(generated, 'src'), { recursive: true });
  for (const example of examples) {
    // `export {}` makes each block a module, so top-level await and its own names work as in a user's file.
    await writeFile(join(generated, 'src', `${slug(example)}.ts`), `${example.code}\nexport {};\n`);
  }
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    await run(process.execPath, [tsc, '-p', 'tsconfig.examples.json'], { cwd: packageRoot });
  } catch (error) {
    typeErrors = String((error as { stdout?: string }).stdout ?? error);
  }
}, 120_000);

function runExample(example: DocExample, mockUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', join(packageRoot, 'dist', 'preload.js'), join(generated, 'dist', `${slug(example)}.js`)],
      {
        cwd: packageRoot,
        env: {
          ...process.env,
          DOCS_MOCK_URL: mockUrl,
          ...(hasSharedDirectory()
            ? { ONNX_MODEL: sharedPath('models', 'stories260K'), ONNX_OFFLINE: '1' }
            : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString('utf8');
    });
    child.stderr.on('data', (data: Buffer) => {
      output += data.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(
        new Error(
          `${example.file}:${example.line} did not finish within 60 s (a pool left open?)\n${output}`,
        ),
      );
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('the documented examples', () => {
  it('are found in README.md and docs/', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  it('all type-check against the packages as built', () => {
    // Errors name the generated file: `<document>-<n>.ts` is the n-th TypeScript block of that document.
    expect(typeErrors).toBe('');
  });

  const runnable = examples.filter((example) => example.run);
  it.each(
    runnable.map(
      (example) => [`${example.file} block ${example.index} (line ${example.line})`, example] as const,
    ),
  )(
    '%s runs and prints what the text says',
    async (_, example) => {
      if (usesLocalModel(example) && !hasSharedDirectory()) {
        console.warn(`skipped: ${sharedMissingReason}`);
        return;
      }
      const mock = await startMockLlm();
      try {
        if (example.replies.length > 0) mock.enqueue(...example.replies);
        const { code, output } = await runExample(example, mock.url);
        expect(code, output).toBe(0);
        for (const expected of example.outputs) expect(output).toContain(expected);
      } finally {
        await mock.close();
      }
    },
    70_000,
  );
});
