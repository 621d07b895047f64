import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// A contributor's first steps, in a clone of the committed repository: scaffold a provider with
// `pnpm gen:provider`, install, then build, type-check, lint and test the new package.
const run = promisify(execFile);
const workspace = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const pnpm = async (cwd: string, ...args: string[]) =>
  run('npx', ['-y', 'pnpm@10.34.9', ...args], {
    cwd,
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', TURBO_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });

let scratch: string | undefined;
afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

describe('pnpm gen:provider', () => {
  it('scaffolds a package that builds, type-checks, lints and passes the conformance suite', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'abstractcore-gen-'));
    const clone = join(scratch, 'main');
    await run('git', ['clone', '-q', workspace, clone]);
    // ../shared beside the clone, as beside the checkout, so the spec checks run too.
    if (existsSync(join(workspace, '..', 'shared')))
      await symlink(join(workspace, '..', 'shared'), join(scratch, 'shared'));
    await pnpm(clone, 'install', '--prefer-offline', '--frozen-lockfile');
    const { stdout } = await pnpm(clone, 'gen:provider', 'acme-cloud');
    expect(stdout).toContain('packages/providers/acme-cloud/src/acme-cloud-adapter.ts');
    const manifest = JSON.parse(
      await readFile(join(clone, 'packages/providers/acme-cloud/package.json'), 'utf8'),
    );
    expect(manifest.name).toBe('@provider/acme-cloud');
    await pnpm(clone, 'install', '--prefer-offline', '--no-frozen-lockfile');
    await pnpm(clone, '--filter', '@provider/acme-cloud...', 'build');
    await pnpm(clone, '--filter', '@provider/acme-cloud', 'typecheck');
    await run('npx', ['biome', 'check', 'packages/providers/acme-cloud'], { cwd: clone });
    await pnpm(clone, '--filter', '@provider/acme-cloud', 'test');
    const report = JSON.parse(
      await readFile(join(clone, 'packages/providers/acme-cloud/.vitest-report.json'), 'utf8'),
    );
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThan(30);
  }, 600_000);
});
