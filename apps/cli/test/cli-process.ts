import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, run as a user would: `node dist/cli.js …`. */
export const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to the end with `input` on stdin; resolves with its exit code and output. */
export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString('utf8');
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `abstractcore ${args.join(' ')} did not finish in time.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Starts the CLI and leaves it running (for `serve`); the caller stops it. */
export function startCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A running `abstractcore serve`, listening at `url`. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM (a graceful stop) and resolves with the exit code; a no-op once it has exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts `abstractcore serve` with `args` (add `--port 0`) and resolves once it says where it listens. Rejects,
 * with its output, when it exits first or is not listening within `timeoutMs`; the process is killed then.
 */
export function startServe(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<ServeProcess> {
  const child = startCli(['serve', ...args], env);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start in time.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
    let listening = false;
    child.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString('utf8');
      if (listening) return;
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url === undefined) return;
      listening = true;
      clearTimeout(timer);
      resolve({ url, child, stdout: () => stdout, stderr: () => stderr, stop });
    });
  });
}

/** The flags that point a command at a mock-llm's OpenAI-compatible endpoint. */
export function mockProviderFlags(mock: { openaiBaseUrl: string }, model = 'test-model'): string[] {
  return ['--provider', 'openai-compatible', '--base-url', mock.openaiBaseUrl, '--model', model];
}
