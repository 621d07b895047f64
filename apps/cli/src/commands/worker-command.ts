import { createTokenBudget, startWorker, type TokenBudget } from '@core/queue';
import type { Command } from 'commander';
import { integerFlag } from '../parse-integer-flag.js';
import { CliFailure, prepareLlm } from '../prepare-llm.js';
import { addProviderFlags, readProviderFlags } from '../provider-flags.js';
import { createTerminal, formatDuration } from '../terminal.js';
import { defaultQueueName } from './batch-command.js';

interface WorkerFlags {
  redis: string;
  queue: string;
  concurrency: number;
  requestsPerSecond?: number;
  tokensPerMinute?: number;
  lockDuration?: number;
  stalledInterval?: number;
}

// The Redis URL may carry a password: print only where it points.
function describeRedis(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    throw new CliFailure(`--redis must be a URL such as redis://127.0.0.1:6379, not ${JSON.stringify(url)}`);
  }
}

/** `abstractcore worker --redis URL`: answers the queue's requests with the chosen LLM until SIGINT/SIGTERM. */
export function registerWorkerCommand(program: Command): void {
  addProviderFlags(
    program
      .command('worker')
      .description('Answer the requests `abstractcore batch --redis` queues, on this machine, until stopped')
      .requiredOption('--redis <url>', 'the Redis the batches are queued in (redis://host:port)')
      .option('--queue <name>', 'the queue to read', defaultQueueName)
      .option(
        '--concurrency <n>',
        'requests this worker runs at once',
        integerFlag({ min: 1, max: 10_000 }),
        4,
      )
      .option(
        '--requests-per-second <n>',
        'a limit every worker of the queue shares, on every machine',
        integerFlag({ min: 1 }),
      )
      .option(
        '--tokens-per-minute <n>',
        'an estimated-token budget every worker of the queue shares',
        integerFlag({ min: 1 }),
      )
      .option(
        '--lock-duration <ms>',
        'ms without a sign of life before a worker is taken for dead and its jobs run elsewhere (default 30000)',
        integerFlag({ min: 100 }),
      )
      .option(
        '--stalled-interval <ms>',
        'ms between checks for jobs of dead workers (default 30000)',
        integerFlag({ min: 100 }),
      ),
  ).action(async (flags: WorkerFlags & Record<string, unknown>) => {
    const terminal = createTerminal();
    const where = describeRedis(flags.redis);
    const budget: TokenBudget | undefined =
      flags.tokensPerMinute === undefined
        ? undefined
        : createTokenBudget({
            connection: flags.redis,
            name: flags.queue,
            tokensPerMinute: flags.tokensPerMinute,
          });
    const prepared = await prepareLlm(
      readProviderFlags(flags),
      terminal,
      budget === undefined ? {} : { rateLimit: budget },
    );
    const worker = await startWorker({
      connection: flags.redis,
      name: flags.queue,
      llm: prepared.llm,
      concurrency: flags.concurrency,
      ...(flags.requestsPerSecond === undefined
        ? {}
        : { rateLimit: { requestsPerSecond: flags.requestsPerSecond } }),
      ...(flags.lockDuration === undefined ? {} : { lockDurationMs: flags.lockDuration }),
      ...(flags.stalledInterval === undefined ? {} : { stalledIntervalMs: flags.stalledInterval }),
      onResult: ({ batchId, result, durationMs }) => {
        const outcome =
          'error' in result
            ? terminal.colors.red(`${result.error.name}: ${result.error.message}`)
            : terminal.colors.green('ok');
        terminal.line(
          `${new Date().toISOString()} ${batchId} #${result.index} ${outcome} ${formatDuration(durationMs)}`,
        );
      },
      onError: (error) => terminal.error(terminal.colors.yellow(`worker: ${error.message}`)),
    });
    terminal.line(
      `abstractcore worker on queue ${flags.queue} at ${where} · ${prepared.label} · concurrency ${flags.concurrency}`,
    );
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        terminal.line(`${signal}: finishing running requests…`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await worker.close();
    await budget?.close();
    await prepared.llm.unloadModel();
    terminal.line('stopped');
  });
}
