#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerBatchCommand } from './commands/batch-command.js';
import { registerChatCommand } from './commands/chat-command.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerSummarizeCommand } from './commands/summarize-command.js';
import { registerWorkerCommand } from './commands/worker-command.js';
import { shutdownTimeoutMs, startTelemetry, type Telemetry } from './start-telemetry.js';
import { createTerminal } from './terminal.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command()
  .name('abstractcore')
  .description('One async LLM layer for every provider: demo, chat, summarize, serve, batch and worker')
  .version(manifest.version)
  .showHelpAfterError();

registerDemoCommand(program);
registerChatCommand(program);
registerSummarizeCommand(program);
registerServeCommand(program);
registerBatchCommand(program);
registerWorkerCommand(program);

// Every command calls a model, so the SDK starts before any action runs (the first call must find it
// registered) and stops once the action is over: after `serve` and `worker` have finished their open work on
// SIGINT/SIGTERM, after `batch` and `chat` have their last answer. Nothing is loaded without an endpoint.
let telemetry: Telemetry | undefined;
program.hook('preAction', async () => {
  try {
    telemetry = await startTelemetry(manifest.version);
  } catch (error) {
    // Telemetry is never a reason for the command not to run.
    const terminal = createTerminal(process.stderr);
    terminal.error(
      terminal.colors.yellow(
        `abstractcore: telemetry is off: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // One clear line, never a stack: `ABSTRACTCORE_DEBUG=1` shows the whole error.
  const terminal = createTerminal(process.stderr);
  if (process.env.ABSTRACTCORE_DEBUG !== undefined) console.error(error);
  terminal.error(
    terminal.colors.red(`abstractcore: ${error instanceof Error ? error.message : String(error)}`),
  );
  process.exitCode = 1;
}

if (telemetry !== undefined && !(await telemetry.shutdown())) {
  const terminal = createTerminal(process.stderr);
  terminal.error(
    terminal.colors.yellow(
      `abstractcore: the OpenTelemetry collector did not take the last spans and metrics within ${shutdownTimeoutMs / 1000} s; they are dropped`,
    ),
  );
  // The exporter's retry timers would keep the process alive until its own timeout: the command is done.
  process.exit();
}
