import { gather } from '@core/session';
import cliProgress from 'cli-progress';
import { formatDuration } from '../../terminal.js';
import type { DemoPattern } from '../demo-pattern.js';

/** A batch with a progress bar: `gather` reports each finished task. */
export const progressBar: DemoPattern = {
  name: 'progress',
  title: 'Progress over a batch',
  shows: 'gather(tasks, { concurrency: 4, onProgress }) drives a progress bar as eight requests finish.',
  async run({ llm, terminal, maxTokens }) {
    const prompts = Array.from({ length: 8 }, (_, index) => `Task ${index + 1}: name an animal.`);
    const bar = terminal.interactive
      ? new cliProgress.SingleBar(
          { format: '  [{bar}] {value}/{total} done, {failed} failed', hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(prompts.length, 0, { failed: 0 });
    const started = performance.now();
    await gather(
      prompts.map((prompt) => () => llm.agenerate(prompt, { maxTokens: Math.min(maxTokens, 16) })),
      {
        concurrency: 4,
        onProgress: ({ completed, total, failed }) => {
          if (bar !== undefined) bar.update(completed, { failed });
          else
            terminal.line(`  Progress: ${completed}/${total} (${((completed / total) * 100).toFixed(0)}%)`);
        },
      },
    );
    bar?.stop();
    terminal.line(
      terminal.colors.dim(`  ${prompts.length} tasks in ${formatDuration(performance.now() - started)}`),
    );
    return undefined;
  },
};
