#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerBatchCommand } from './commands/batch-command.js';
import { registerChatCommand } from './commands/chat-command.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerSummarizeCommand } from './commands/summarize-command.js';
import { registerWorkerCommand } from './commands/worker-command.js';
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
