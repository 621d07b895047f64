import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { WorkerJob, WorkerOutput } from '../bench-types.js';

/** How to run one worker: its job, extra node flags (`--expose-gc`), and a hard time limit in ms. */
export interface WorkerRun {
  job: WorkerJob;
  nodeFlags: string[];
  timeoutMs: number;
}

/**
 * Runs `client-worker.js` (beside this file's folder) in a fresh process and resolves to the JSON line it
 * printed. Throws with the worker's stderr when it fails, prints no result, or outlives `timeoutMs` (then
 * it is killed).
 */
export function runClientWorker(benchDirectory: string, run: WorkerRun): Promise<WorkerOutput> {
  const worker = join(benchDirectory, 'client-worker.js');
  const child = spawn(process.execPath, [...run.nodeFlags, worker, '--job', JSON.stringify(run.job)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-8000);
  });
  const label = `${run.job.client} / ${run.job.scenario}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench: ${label} did not finish within ${run.timeoutMs} ms. ${stderr}`));
    }, run.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`bench: ${label} failed (exit ${code ?? signal}):\n${stderr.trim()}`));
        return;
      }
      const lastLine = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(lastLine) as WorkerOutput);
      } catch {
        reject(
          new Error(`bench: ${label} printed no JSON result:\n${stdout.slice(-2000)}\n${stderr.trim()}`),
        );
      }
    });
  });
}
