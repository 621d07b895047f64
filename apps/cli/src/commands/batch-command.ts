import { type BatchResult, createBatchQueue, describeBatchError } from '@core/queue';
import { gather } from '@core/session';
import type { LLM } from '@core/types';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { type BatchLine, readBatchLines } from '../batch/read-batch-lines.js';
import { createResultWriter, type ResultLine, type ResultWriter } from '../batch/write-batch-results.js';
import { integerFlag } from '../parse-integer-flag.js';
import { CliFailure, prepareLlm } from '../prepare-llm.js';
import { addProviderFlags, readProviderFlags } from '../provider-flags.js';
import { createTerminal, formatDuration, type Terminal } from '../terminal.js';

interface BatchFlags {
  redis?: string;
  out?: string;
  queue: string;
  concurrency: number;
}

type RunnableLine = Extract<BatchLine, { request: unknown }>;

/** The queue `batch` and `worker` use unless `--queue` names another. */
export const defaultQueueName = 'abstractcore';

// A bar on stderr for people at a terminal; results go to stdout or --out either way.
function createBar(terminal: Terminal, total: number): cliProgress.SingleBar | undefined {
  if (!terminal.interactive || total === 0) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: ' [{bar}] {value}/{total} done, {failed} failed | {eta_formatted} left',
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { failed: 0 });
  return bar;
}

function toLine(line: number, result: BatchResult): ResultLine {
  return 'error' in result
    ? { id: result.id, line, error: result.error }
    : { id: result.id, line, response: result.response };
}

// Without --redis: every request in this process through `gather`, results written as each finishes.
async function runInProcess(
  llm: LLM,
  lines: RunnableLine[],
  writer: ResultWriter,
  concurrency: number,
  onResult: (failed: boolean) => void,
): Promise<void> {
  await gather(
    lines.map(({ line, id, request }) => async () => {
      let result: ResultLine;
      try {
        const { raw: _raw, ...response } = await llm.agenerate(request.prompt ?? request.messages ?? '', {
          ...request.options,
          stream: false,
        });
        result = { id, line, response };
      } catch (error) {
        result = { id, line, error: describeBatchError(error) };
      }
      await writer.write(result);
      onResult('error' in result);
    }),
    { concurrency, settle: true },
  );
}

// With --redis: the requests become one batch on the queue; workers anywhere answer them.
async function runOnQueue(
  url: string,
  queueName: string,
  lines: RunnableLine[],
  writer: ResultWriter,
  onResult: (failed: boolean) => void,
): Promise<string> {
  const queue = createBatchQueue({ connection: url, name: queueName });
  try {
    const batch = await queue.submit(lines.map((entry) => entry.request));
    for await (const result of batch.results()) {
      await writer.write(toLine((lines[result.index] as RunnableLine).line, result));
      onResult('error' in result);
    }
    return batch.id;
  } finally {
    await queue.close();
  }
}

/** `abstractcore batch <requests.jsonl>`: one result line per request line, in-process or through Redis. */
export function registerBatchCommand(program: Command): void {
  addProviderFlags(
    program
      .command('batch')
      .description('Run every request of a JSONL file; with --redis, through the workers of a queue')
      .argument('<requests>', 'a JSONL file: one { "id"?, "prompt" | "messages", "options"? } a line')
      .option(
        '--redis <url>',
        'submit to this Redis (redis://host:port) for `abstractcore worker`s to answer',
      )
      .option('--out <file>', 'write results here (default: standard output)')
      .option('--queue <name>', 'the queue the workers read', defaultQueueName)
      .option(
        '--concurrency <n>',
        'requests at once without --redis (default 4)',
        integerFlag({ min: 1, max: 10_000 }),
        4,
      ),
  ).action(async (file: string, flags: BatchFlags & Record<string, unknown>) => {
    const terminal = createTerminal(process.stderr);
    const lines = await readBatchLines(file).catch((error: Error) => {
      throw new CliFailure(`Cannot read ${file}: ${error.message}`);
    });
    const runnable = lines.filter((entry): entry is RunnableLine => 'request' in entry);
    const llm =
      flags.redis === undefined ? (await prepareLlm(readProviderFlags(flags), terminal)).llm : undefined;
    const writer = createResultWriter(flags.out);
    const bar = createBar(terminal, lines.length);
    let done = 0;
    let failed = 0;
    const onResult = (isFailure: boolean): void => {
      done += 1;
      if (isFailure) failed += 1;
      bar?.update(done, { failed });
    };
    const started = performance.now();
    try {
      // A malformed line is that line's result at once; the others run.
      for (const entry of lines) {
        if ('error' in entry) {
          await writer.write({ id: entry.id, line: entry.line, error: entry.error });
          onResult(true);
        }
      }
      let where = 'in-process';
      if (llm !== undefined) await runInProcess(llm, runnable, writer, flags.concurrency, onResult);
      else {
        const batchId = await runOnQueue(flags.redis as string, flags.queue, runnable, writer, onResult);
        where = `batch ${batchId}`;
      }
      bar?.stop();
      terminal.error(
        terminal.colors.dim(
          `${done} results (${failed} failed) from ${lines.length} lines in ${formatDuration(performance.now() - started)} · ${where}${flags.out === undefined ? '' : ` → ${flags.out}`}`,
        ),
      );
    } finally {
      bar?.stop();
      await writer.close();
      await llm?.unloadModel();
    }
  });
}
