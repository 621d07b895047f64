import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workerScript = fileURLToPath(new URL('./worker-process.mjs', import.meta.url));
const submitterScript = fileURLToPath(new URL('./submitter-process.mjs', import.meta.url));

/** What a worker process is started with (see worker-process.mjs). */
export interface WorkerProcessConfig {
  redisUrl: string;
  name: string;
  baseUrl: string;
  /** Sent as the `x-worker` header of every request, so the mock can tell the workers apart. */
  label: string;
  concurrency?: number;
  rateLimit?: { requestsPerSecond?: number; tokensPerMinute?: number };
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  llmOptions?: Record<string, unknown>;
}

/** A worker running in its own process. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Indexes of the results this process stored, in order. */
  stored: number[];
  output(): string;
  /** Resolves once `count` results in all have been stored by this process. */
  storedAtLeast(count: number): Promise<void>;
  /** SIGTERM (graceful) and wait for exit; SIGKILL after 10 s. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a worker process and resolves once it takes jobs; rejects with its output if it exits first. */
export async function startWorkerProcess(config: WorkerProcessConfig): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [workerScript, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stored: number[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let ready: () => void = () => {};
  let failed: (error: Error) => void = () => {};
  const started = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  let pending = '';
  child.stdout?.on('data', (data: Buffer) => {
    output += data.toString('utf8');
    pending += data.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') ready();
      const match = /^result (\d+)$/.exec(line);
      if (match !== null) stored.push(Number(match[1]));
    }
    for (const waiter of [...waiters]) {
      if (stored.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  child.stderr?.on('data', (data: Buffer) => {
    output += data.toString('utf8');
  });
  child.once('exit', (code, signal) => failed(new Error(`worker exited (${code ?? signal}):\n${output}`)));
  await started;
  return {
    child,
    stored,
    output: () => output,
    storedAtLeast(count) {
      if (stored.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited(child);
      clearTimeout(killer);
    },
  };
}

/** Runs the submitter process to its end and resolves with the batch id it printed. */
export function submitInAnotherProcess(config: {
  redisUrl: string;
  name: string;
  requests: unknown[];
}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [submitterScript, JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString('utf8');
    });
    child.stderr?.on('data', (data: Buffer) => {
      errors += data.toString('utf8');
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(output.trim()) : reject(new Error(`submitter exited ${code}:\n${errors}`)),
    );
  });
}
