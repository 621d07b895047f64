import { createInterface } from 'node:readline/promises';
import { BasicSession } from '@core/session';
import type { Command } from 'commander';
import { integerFlag } from '../parse-integer-flag.js';
import { prepareLlm } from '../prepare-llm.js';
import { addProviderFlags, readProviderFlags } from '../provider-flags.js';
import { createTerminal, type Terminal } from '../terminal.js';

interface ChatFlags {
  system?: string;
  maxTokens: number;
}

const help = [
  '/system <text>  set the system prompt',
  '/clear          forget the conversation',
  '/save <file>    save the session as JSON',
  '/load <file>    continue a saved session',
  '/usage          tokens used so far',
  '/history        the conversation so far',
  '/exit           leave (so does the end of input)',
];

async function runCommand(
  line: string,
  session: BasicSession,
  terminal: Terminal,
): Promise<BasicSession | 'exit'> {
  const [command = ''] = line.trim().split(/\s+/);
  const argument = line.trim().slice(command.length).trim();
  switch (command) {
    case '/system':
      session.systemPrompt = argument === '' ? undefined : argument;
      terminal.line(argument === '' ? 'System prompt removed.' : 'System prompt set.');
      return session;
    case '/clear':
      session.clear();
      terminal.line('Conversation cleared.');
      return session;
    case '/save':
      if (argument === '') throw new Error('/save needs a file name');
      await session.save(argument);
      terminal.line(`Saved ${session.conversationHistory.length} messages to ${argument}.`);
      return session;
    case '/load': {
      if (argument === '') throw new Error('/load needs a file name');
      const loaded = await BasicSession.load(argument, { provider: session.provider });
      terminal.line(`Loaded ${loaded.conversationHistory.length} messages from ${argument}.`);
      return loaded;
    }
    case '/usage': {
      const usage = session.usage;
      terminal.line(
        `Tokens: ${usage.inputTokens ?? '?'} in, ${usage.outputTokens ?? '?'} out, ${usage.totalTokens ?? '?'} in all.`,
      );
      return session;
    }
    case '/history':
      for (const message of session.conversationHistory) {
        const text = typeof message.content === 'string' ? message.content : '[parts]';
        terminal.line(`${terminal.colors.dim(message.role.padEnd(9))} ${text}`);
      }
      return session;
    case '/help':
      for (const entry of help) terminal.line(entry);
      return session;
    case '/exit':
    case '/quit':
      return 'exit';
    default:
      throw new Error(`Unknown command ${command}; /help lists them`);
  }
}

/** `abstractcore chat`: a streaming conversation over `BasicSession`; scriptable, it ends with its input. */
export function registerChatCommand(program: Command): void {
  addProviderFlags(
    program
      .command('chat')
      .description('Chat with streaming replies and memory; reads stdin, so it can be scripted')
      .option('--system <prompt>', 'the system prompt')
      .option('--max-tokens <n>', 'new tokens per reply', integerFlag({ min: 1 }), 256),
  ).action(async (flags: ChatFlags & Record<string, unknown>) => {
    const terminal = createTerminal();
    const prepared = await prepareLlm(readProviderFlags(flags), terminal);
    const { maxTokens } = flags;
    let session = new BasicSession({
      provider: prepared.llm,
      ...(flags.system === undefined ? {} : { systemPrompt: flags.system }),
    });
    const lines = createInterface({
      input: process.stdin,
      terminal: terminal.interactive && process.stdin.isTTY === true,
    });
    if (terminal.interactive) {
      terminal.line(
        terminal.colors.dim(`Chatting with ${prepared.label}. /help for commands, Ctrl-D to leave.`),
      );
      terminal.write('> ');
    }
    try {
      for await (const line of lines) {
        if (line.trim() === '') {
          if (terminal.interactive) terminal.write('> ');
          continue;
        }
        try {
          if (line.trim().startsWith('/')) {
            const next = await runCommand(line, session, terminal);
            if (next === 'exit') break;
            session = next;
          } else {
            const stream = await session.agenerate(line, { stream: true, maxTokens });
            for await (const chunk of stream) terminal.write(chunk.content);
            terminal.line();
          }
        } catch (error) {
          terminal.error(terminal.colors.red(error instanceof Error ? error.message : String(error)));
        }
        if (terminal.interactive) terminal.write('> ');
      }
    } finally {
      lines.close();
      await prepared.llm.unloadModel();
    }
  });
}
