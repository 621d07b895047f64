import { serve } from '@core/server';
import type { Command } from 'commander';
import { CliFailure, prepareLlm } from '../prepare-llm.js';
import { addProviderFlags, readProviderFlags } from '../provider-flags.js';
import { createTerminal, formatDuration } from '../terminal.js';

interface ServeFlags {
  port: string;
  host: string;
  authToken?: string;
  cors?: boolean;
}

/** `abstractcore serve`: the chosen LLM behind `@core/server`, one log line per request, graceful on SIGINT/SIGTERM. */
export function registerServeCommand(program: Command): void {
  addProviderFlags(
    program
      .command('serve')
      .description('Serve the LLM over HTTP: /generate, /batch, /stream and an OpenAI-compatible /v1 API')
      .option('--port <port>', 'TCP port (0 picks a free one)', '8000')
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--auth-token <token>', 'require Authorization: Bearer <token>')
      .option('--cors', 'allow cross-origin requests from any origin'),
  ).action(async (flags: ServeFlags & Record<string, unknown>) => {
    const terminal = createTerminal();
    const port = Number.parseInt(flags.port, 10);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new CliFailure('--port must be a number from 0 to 65535');
    const prepared = await prepareLlm(readProviderFlags(flags), terminal);
    const server = await serve({
      llm: prepared.llm,
      port,
      host: flags.host,
      ...(flags.authToken === undefined ? {} : { authToken: flags.authToken }),
      ...(flags.cors === true ? { cors: true } : {}),
      onResponse: ({ method, url, statusCode, durationMs }) => {
        const status =
          statusCode >= 500
            ? terminal.colors.red
            : statusCode >= 400
              ? terminal.colors.yellow
              : terminal.colors.green;
        terminal.line(
          `${new Date().toISOString()} ${method} ${url} ${status(String(statusCode))} ${formatDuration(durationMs)}`,
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
