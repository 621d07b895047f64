import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** How the mock answers: see tooling/mock-llm's README (CLI section). */
export interface MockSettings {
  /** Content chunks in the default streamed reply (`--chunks`); omitted: the `Echo: …` reply. */
  chunks?: number;
  /** Delay before the response headers, ms (`--latency-ms`). */
  latencyMs?: number;
  /** Delay between streamed chunks, ms (`--between-chunks-ms`); 0 writes a whole reply at once. */
  betweenChunksMs?: number;
}

/** A running mock-llm process. */
export interface MockServer {
  url: string;
  stop(): Promise<void>;
}

const startTimeoutMs = 15_000;
const stopTimeoutMs = 5_000;

function mockArguments(settings: MockSettings): string[] {
  const flags = ['--port', '0', '--host', '127.0.0.1', '--max-recorded', '50'];
  if (settings.chunks !== undefined) flags.push('--chunks', String(settings.chunks));
  if (settings.latencyMs !== undefined) flags.push('--latency-ms', String(settings.latencyMs));
  if (settings.betweenChunksMs !== undefined)
    flags.push('--between-chunks-ms', String(settings.betweenChunksMs));
  return flags;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts tooling/mock-llm's CLI as its own process (the server never shares a CPU-bound event loop with a
 * client) and resolves once it printed its URL. Throws when the build is missing or it does not start in time.
 */
export async function startMockServer(workspaceRoot: string, settings: MockSettings): Promise<MockServer> {
  const cli = join(workspaceRoot, 'tooling', 'mock-llm', 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`bench: ${cli} is missing; build first (pnpm build)`);
  const child = spawn(process.execPath, [cli, ...mockArguments(settings)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`bench: mock-llm did not start within ${startTimeoutMs} ms. ${stderr}`));
    }, startTimeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench: mock-llm exited with code ${code} before listening. ${stderr}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const parsed: unknown = JSON.parse(line);
        const value = (parsed as { url?: unknown }).url;
        if (typeof value !== 'string') throw new Error('no url');
        resolve(value);
      } catch {
        reject(new Error(`bench: mock-llm printed ${JSON.stringify(line)} instead of {"url":…}`));
      }
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  lines.close();
  child.stdout?.resume();
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, stopTimeoutMs))) {
        child.kill('SIGKILL');
        await waitForExit(child, stopTimeoutMs);
      }
    },
  };
}
