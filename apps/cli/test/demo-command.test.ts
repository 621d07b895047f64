import { hasSharedDirectory, sharedMissingReason, sharedPath } from '@tooling/fixtures';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPatterns } from '../src/demo/demo-pattern-list.js';
import { mockProviderFlags, runCli } from './cli-process.js';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());

const mockFlags = () => mockProviderFlags(mock);

describe('abstractcore demo', () => {
  it('runs every pattern against a real server and exits 0, each with its heading and timing', async () => {
    const run = await runCli(['demo', ...mockFlags(), '--max-tokens', '16']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const pattern of demoPatterns) {
      expect(run.stdout).toContain(pattern.title);
      expect(run.stdout).toContain(pattern.shows);
    }
    expect(run.stdout).toContain(`${demoPatterns.length}/${demoPatterns.length} patterns ran`);
    expect(run.stdout.match(/✓ \d/g)?.length).toBe(demoPatterns.length);
    expect(run.stdout).toMatch(/together .* \d+\.\dx/);
    expect(run.stdout).toMatch(/attempt 1 failed \(HTTP 503\); retrying in 1\.0 s/);
    expect(run.stdout).toContain('succeeded after 2 failures');
    expect(run.stdout).toMatch(/Task 2 {2}ProviderConnectionError: /);
    expect(run.stdout).toContain('Progress: 8/8 (100%)');
    // Output to a pipe is plain text: no colour codes, no redrawn lines.
    expect(run.stdout).not.toContain('\u001b[');
  }, 120_000);

  it('--list names the patterns; --only runs the ones named', async () => {
    const list = await runCli(['demo', '--list']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toHaveLength(demoPatterns.length);
    const only = await runCli(['demo', ...mockFlags(), '--only', 'single', 'streaming']);
    expect(only.code).toBe(0);
    expect(only.stdout).toContain('2/2 patterns ran');
    expect(only.stdout).not.toContain('Rate limiting');
  }, 60_000);

  it('an unreachable provider is one clear line and exit code 1', async () => {
    const run = await runCli([
      'demo',
      '--provider',
      'openai-compatible',
      '--base-url',
      'http://127.0.0.1:9/v1',
      '--model',
      'm',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^abstractcore: Cannot reach openai-compatible at http:\/\/127\.0\.0\.1:9\/v1/,
    );
  }, 30_000);

  it.skipIf(!hasSharedDirectory())(
    `runs every pattern on the local ONNX test model through ONNX_MODEL ${hasSharedDirectory() ? '' : sharedMissingReason}`,
    async () => {
      const run = await runCli(['demo', '--max-tokens', '12'], {
        env: { ONNX_MODEL: sharedPath('models', 'stories260K'), ONNX_OFFLINE: '1' },
        timeoutMs: 300_000,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('onnx · ');
      expect(run.stdout).toContain(`${demoPatterns.length}/${demoPatterns.length} patterns ran`);
      expect(run.stdout).toContain('Inference ran on a worker thread');
    },
    320_000,
  );
});
