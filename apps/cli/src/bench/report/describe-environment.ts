import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

/** The machine and software a run measured. */
export interface BenchEnvironment {
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  /** 1, 5 and 15 minute load averages when the suite started and when it ended: other work on the machine. */
  loadAverage: { start: number[]; end: number[] };
  /** Installed versions of every package a client loads, by package name. */
  packages: Record<string, string>;
}

function versionOf(cliDirectory: string, name: string): string {
  const manifest = join(cliDirectory, 'node_modules', ...name.split('/'), 'package.json');
  if (!existsSync(manifest)) return 'not installed';
  const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
  const version = (parsed as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}

/** Describes this machine, and the versions of `packageNames` as apps/cli resolves them. */
export function describeEnvironment(
  cliDirectory: string,
  packageNames: readonly string[],
  loadAverageAtStart: number[],
): BenchEnvironment {
  const packages: Record<string, string> = {};
  for (const name of [...new Set(packageNames)].sort()) packages[name] = versionOf(cliDirectory, name);
  return {
    node: process.version,
    platform: `${platform()} ${release()} ${process.arch}`,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    totalMemoryBytes: totalmem(),
    loadAverage: { start: loadAverageAtStart, end: loadavg() },
    packages,
  };
}
