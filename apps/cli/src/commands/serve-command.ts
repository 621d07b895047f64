import { serve } from '@core/server';
import type { Command } from 'commander';
import { integerFlag } from '../parse-integer-flag.js';
import { prepareLlm } from '../prepare-llm.js';
import { addProviderFlags, readProviderFlags } from '../provider-flags.js';
import { createTerminal, formatDuration } from '../terminal.js';

interface ServeFlags {
  port: number;
  host: string;
  authToken?: string;
  cors?: boolean;
  requestTimeout?: number;
  maxConnections?: number;
}

/** `abstractcore serve`: the chosen LLM behind `@core/server`, one log line per request, graceful on SIGINT/SIGTERM. */
export function registerServeCommand(program: Command): void {
  addProviderFlags(
    program
      .command('serve')
      .description('Serve the LLM over HTTP: /generate, /batch, /stream and an OpenAI-compatible /v1 API')
      .option('--port <port>', 'TCP port (0 picks a free one)', integerFlag({ min: 0, max: 65_535 }), 8000)
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--auth-token <token>', 'require Authorization: Bearer <token>')
      .option('--cors', 'allow cross-origin requests from any origin')
      .option(
        '--request-timeout <ms>',
        'ms a client has to send its whole request, or get a 408 (default 30000; 0 turns it off)',
        integerFlag({ min: 0 }),
      )
      .option(
        '--max-connections <n>',
        'connections open at once; more are closed unanswered (default 1000)',
        integerFlag({ min: 1 }),
      ),
  ).action(async (flags: ServeFlags & Record<string, unknown>) => {
    const terminal = createTerminal();
    const prepared = await prepareLlm(readProviderFlags(flags), terminal);
    const server = await serve({
      llm: prepared.llm,
      port: flags.port,
      host: flags.host,
      ...(flags.authToken === undefined ? {} : { authToken: flags.authToken }),
      ...(flags.cors === true ? { cors: true } : {}),
      ...(flags.requestTimeout === undefined ? {} : { requestTimeout: flags.requestTimeout }),
      ...(flags.maxConnections === undefined ? {} : { maxConnections: flags.maxConnections }),
      onResponse: ({ method, url, statusCode, durationMs, aborted }) => {
        const status =
          statusCode >= 500
            ? terminal.colors.red
            : statusCode >= 400
              ? terminal.colors.yellow
              : terminal.colors.green;
        // A client that left before its answer was complete is logged too, and said so.
        terminal.line(
          `${new Date().toISOString()} ${method} ${url} ${status(String(statusCode))} ${formatDuration(durationMs)}${aborted ? ` ${terminal.colors.yellow('aborted')}` : ''}`,
        );
      },
    });
    terminal.line(`abstractcore serving ${prepared.label} at ${server.url}`);
    terminal.line(terminal.colors.dim(`OpenAI-compatible API: ${server.url}/v1 · Ctrl-C to stop`));
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        terminal.line(`${signal}: finishing open requests…`);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        server.close().then(resolve, (error: unknown) => {
          terminal.error(`abstractcore: ${error instanceof Error ? error.message : String(error)}`);
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    terminal.line('stopped');
  });
}
