import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLLM } from '@core/session';
import type { LLM, LLMOptions } from '@core/types';
import cliProgress from 'cli-progress';
import { findWorkspaceRoot } from './find-workspace-root.js';
import type { ProviderChoice } from './provider-flags.js';
import type { Terminal } from './terminal.js';

/** An LLM ready to use, and how to describe it in one line. */
export interface PreparedLlm {
  llm: LLM;
  label: string;
  choice: ProviderChoice;
}

/** Why the CLI cannot go on: printed as one line, never a stack. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

// Beside a checkout of this repository (as CI lays it out) sits a small real test model; when the default
// hub model cannot be downloaded (no network), the demo uses it rather than stopping.
function findLocalTestModel(): string | undefined {
  const root = findWorkspaceRoot();
  if (root === undefined) return undefined;
  const candidate = resolve(root, '..', 'shared', 'models', 'stories260K');
  return existsSync(join(candidate, 'config.json')) ? candidate : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

function downloadProgress(terminal: Terminal): { onProgress: LLMOptions['onProgress']; stop: () => void } {
  if (!terminal.interactive) return { onProgress: undefined, stop: () => {} };
  const bars = new cliProgress.MultiBar(
    { format: ' {file} [{bar}] {percentage}% | {value}/{total} MB', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  const byFile = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress: (progress: { file?: string; loaded?: number; total?: number; status?: string }) => {
      if (progress.file === undefined || progress.total === undefined || progress.total < 1_000_000) return;
      const megabytes = (bytes: number) => Math.round(bytes / 1_000_000);
      let bar = byFile.get(progress.file);
      if (bar === undefined) {
        bar = bars.create(megabytes(progress.total), 0, { file: progress.file });
        byFile.set(progress.file, bar);
      }
      bar.update(megabytes(progress.loaded ?? 0));
    },
    stop: () => bars.stop(),
  };
}

function createFor(choice: ProviderChoice, extra: LLMOptions): LLM {
  return createLLM(choice.provider, {
    ...(choice.model === undefined ? {} : { model: choice.model }),
    ...(choice.baseUrl === undefined ? {} : { baseUrl: choice.baseUrl }),
    ...(choice.apiKey === undefined ? {} : { apiKey: choice.apiKey }),
    ...extra,
  });
}

/**
 * Makes the LLM a command asked for and checks it answers before anything else happens: an HTTP provider
 * must pass `health()`, a local model must load (with a download bar on a terminal). Failing that, throws
 * a `CliFailure` with one clear line.
 */
export async function prepareLlm(
  choice: ProviderChoice,
  terminal: Terminal,
  extra: LLMOptions = {},
): Promise<PreparedLlm> {
  let llm: LLM;
  try {
    llm = createFor(choice, extra);
  } catch (error) {
    throw new CliFailure(describeError(error));
  }
  if (choice.provider !== 'onnx') {
    const health = await llm.health({ timeout: 10_000 });
    if (!health.ok) {
      throw new CliFailure(
        `Cannot reach ${choice.provider}${choice.baseUrl === undefined ? '' : ` at ${choice.baseUrl}`}: ${health.error ?? 'no answer'}`,
      );
    }
    return { llm, label: `${choice.provider} · ${llm.model ?? 'default model'}`, choice };
  }
  const progress = downloadProgress(terminal);
  try {
    llm = createFor(choice, { ...extra, onProgress: progress.onProgress });
    await llm.agenerate('Hello', { maxTokens: 1 });
    return { llm, label: `onnx · ${llm.model ?? 'default model'} (in-process, worker thread)`, choice };
  } catch (error) {
    await llm.unloadModel().catch(() => {});
    const fallback =
      choice.model === undefined && process.env.ONNX_MODEL === undefined ? findLocalTestModel() : undefined;
    if (fallback === undefined) throw new CliFailure(`Cannot load the local model: ${describeError(error)}`);
    terminal.error(
      terminal.colors.yellow(
        `The default model could not be loaded (${describeError(error)}); using the test model beside this checkout: ${fallback}`,
      ),
    );
    return prepareLlm({ ...choice, model: fallback }, terminal, extra);
  } finally {
    progress.stop();
  }
}
