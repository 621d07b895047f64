import { readFile } from 'node:fs/promises';
import {
  Summarizer,
  type SummaryLength,
  type SummaryStyle,
  summaryLengths,
  summaryStyles,
} from '@core/processing';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { integerFlag } from '../parse-integer-flag.js';
import { CliFailure, prepareLlm } from '../prepare-llm.js';
import { addProviderFlags, readProviderFlags } from '../provider-flags.js';
import { createTerminal, formatDuration } from '../terminal.js';

interface SummarizeFlags {
  style: string;
  length: string;
  focus?: string;
  json?: boolean;
  contextTokens?: number;
}

async function readStandardInput(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** `abstractcore summarize <file|->`: a summary of a text, Markdown, HTML or PDF file, or of stdin. */
export function registerSummarizeCommand(program: Command): void {
  addProviderFlags(
    program
      .command('summarize')
      .description('Summarize a document (.txt, .md, .html, .pdf) or stdin (-)')
      .argument('<file>', 'the document, or - for standard input')
      .option('--style <style>', summaryStyles.join(', '), 'structured')
      .option('--length <length>', summaryLengths.join(', '), 'standard')
      .option('--focus <topic>', 'what the summary should concentrate on')
      .option(
        '--context-tokens <n>',
        "the model's context window, when the known-model table lacks it",
        integerFlag({ min: 1 }),
      )
      .option('--json', 'print the whole result as JSON'),
  ).action(async (file: string, flags: SummarizeFlags & Record<string, unknown>) => {
    const terminal = createTerminal();
    if (!(summaryStyles as readonly string[]).includes(flags.style)) {
      throw new CliFailure(`--style must be one of ${summaryStyles.join(', ')}`);
    }
    if (!(summaryLengths as readonly string[]).includes(flags.length)) {
      throw new CliFailure(`--length must be one of ${summaryLengths.join(', ')}`);
    }
    const { contextTokens } = flags;
    const source = file === '-' ? await readStandardInput() : { path: file };
    if (typeof source === 'string' && source.trim() === '')
      throw new CliFailure('Nothing to summarize: standard input was empty');
    if (typeof source !== 'string')
      await readFile(file).catch((error: Error) => {
        throw new CliFailure(`Cannot read ${file}: ${error.message}`);
      });
    const prepared = await prepareLlm(
      readProviderFlags(flags),
      process.stdout.isTTY ? terminal : createTerminal(process.stderr),
    );
    const bar =
      process.stderr.isTTY && terminal.interactive
        ? new cliProgress.SingleBar(
            { format: ' summarizing [{bar}] {value}/{total} model calls', stream: process.stderr },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    let barStarted = false;
    const started = performance.now();
    try {
      const result = await new Summarizer(prepared.llm).summarize(source, {
        style: flags.style as SummaryStyle,
        length: flags.length as SummaryLength,
        ...(flags.focus === undefined ? {} : { focus: flags.focus }),
        ...(contextTokens === undefined ? {} : { contextTokens }),
        onProgress: ({ completed, total }) => {
          // A bar only for long documents: one call needs no progress display.
          if (bar === undefined || total < 2) return;
          if (!barStarted) {
            bar.start(total, completed);
            barStarted = true;
          } else {
            bar.setTotal(total);
            bar.update(completed);
          }
        },
      });
      bar?.stop();
      if (flags.json === true) {
        terminal.line(JSON.stringify(result, null, 2));
        return;
      }
      terminal.line(result.summary);
      if (result.keyPoints.length > 0) {
        terminal.line();
        terminal.line(terminal.colors.bold('Key points'));
        for (const point of result.keyPoints) terminal.line(`- ${point}`);
      }
      terminal.line();
      terminal.line(
        terminal.colors.dim(
          `${result.wordCountOriginal} words → ${result.wordCountSummary} · confidence ${result.confidence.toFixed(2)} · ${formatDuration(performance.now() - started)}`,
        ),
      );
    } finally {
      bar?.stop();
      await prepared.llm.unloadModel();
    }
  });
}
