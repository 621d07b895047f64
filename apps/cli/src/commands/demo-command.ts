import type { Command } from 'commander';
import type { DemoContext } from '../demo/demo-pattern.js';
import { demoPatterns } from '../demo/demo-pattern-list.js';
import { integerFlag } from '../parse-integer-flag.js';
import { CliFailure, type PreparedLlm, prepareLlm } from '../prepare-llm.js';
import { addProviderFlags, type ProviderChoice, readProviderFlags } from '../provider-flags.js';
import { createTerminal, formatDuration } from '../terminal.js';

interface DemoFlags {
  only?: string[];
  list?: boolean;
  compare?: string;
  maxTokens: number;
}

// `--compare openai:gpt-4o-mini,ollama:qwen3:4b`: the provider is before the first colon, the model after it.
function parseCompare(value: string | undefined, base: ProviderChoice): ProviderChoice[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((entry) => {
    const [provider, ...model] = entry.trim().split(':');
    if (provider === undefined || provider === '')
      throw new CliFailure(`--compare: "${entry}" is not provider:model`);
    const sameProvider = provider === base.provider;
    return {
      provider,
      model: model.length === 0 ? undefined : model.join(':'),
      baseUrl: sameProvider ? base.baseUrl : undefined,
      apiKey: sameProvider ? base.apiKey : undefined,
    };
  });
}

/** `abstractcore demo`: the seed's async patterns, live, one after another (or `--only` some). */
export function registerDemoCommand(program: Command): void {
  addProviderFlags(
    program
      .command('demo')
      .description(
        "Walk through the async guide's patterns, live, against any provider (the local ONNX model by default)",
      )
      .option('--only <patterns...>', 'run only these patterns (see --list)')
      .option('--list', 'name the patterns and exit')
      .option(
        '--compare <providers>',
        'also ask these in the comparison pattern: provider:model,provider:model',
      )
      .option('--max-tokens <n>', 'new tokens per answer', integerFlag({ min: 1 }), 48),
  ).action(async (flags: DemoFlags & Record<string, unknown>) => {
    const terminal = createTerminal();
    const { colors } = terminal;
    if (flags.list === true) {
      for (const pattern of demoPatterns) terminal.line(`${pattern.name.padEnd(20)} ${pattern.shows}`);
      return;
    }
    const unknown = (flags.only ?? []).filter(
      (name) => !demoPatterns.some((pattern) => pattern.name === name),
    );
    if (unknown.length > 0) throw new CliFailure(`Unknown pattern ${unknown.join(', ')}; --list names them`);
    const selected =
      flags.only === undefined
        ? demoPatterns
        : demoPatterns.filter((pattern) => flags.only?.includes(pattern.name));
    const { maxTokens } = flags;

    const choice = readProviderFlags(flags);
    const prepared = await prepareLlm(choice, terminal);
    const others: PreparedLlm[] = [];
    for (const other of parseCompare(flags.compare, choice)) others.push(await prepareLlm(other, terminal));
    terminal.line(colors.bold(`abstractcore demo · ${prepared.label}`));
    const context: DemoContext = { prepared, llm: prepared.llm, terminal, maxTokens, others };

    let failed = 0;
    const demoStarted = performance.now();
    for (const [index, pattern] of selected.entries()) {
      terminal.line();
      terminal.line(
        colors.cyan(colors.bold(`▸ ${index + 1}/${selected.length} ${pattern.title}`)) +
          colors.dim(`  [${pattern.name}]`),
      );
      terminal.line(colors.dim(`  ${pattern.shows}`));
      const started = performance.now();
      try {
        const outcome = await pattern.run(context);
        const took = formatDuration(performance.now() - started);
        if (outcome !== undefined) terminal.line(colors.yellow(`  skipped: ${outcome.skipped}`));
        else terminal.line(colors.dim(`  ✓ ${took}`));
      } catch (error) {
        failed += 1;
        terminal.line(
          colors.red(`  ✗ ${pattern.name} failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
    }
    terminal.line();
    terminal.line(
      colors.bold(
        `${selected.length - failed}/${selected.length} patterns ran in ${formatDuration(performance.now() - demoStarted)}`,
      ),
    );
    await Promise.all([prepared, ...others].map((entry) => entry.llm.unloadModel()));
    if (failed > 0) process.exitCode = 1;
  });
}
