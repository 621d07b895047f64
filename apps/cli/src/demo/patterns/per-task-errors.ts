import { gather } from '@core/session';
import { AbstractCoreError } from '@core/types';
import { type DemoPattern, firstLine } from '../demo-pattern.js';

/** The seed's "handle errors per task": one failing request does not sink the others. */
export const perTaskErrors: DemoPattern = {
  name: 'errors',
  title: 'Per-task error handling',
  shows:
    'gather(tasks, { settle: true }) returns each result or typed error in order; one failure leaves the rest.',
  async run({ llm, terminal, maxTokens }) {
    const tasks = [
      { label: 'Task 1', run: () => llm.agenerate('Valid prompt 1: name a colour.', { maxTokens }) },
      // A real failure: a 1 ms deadline no provider can meet, and no retry.
      {
        label: 'Task 2',
        run: () => llm.agenerate('Valid prompt 2', { maxTokens, timeout: 1, maxRetries: 0 }),
      },
      { label: 'Task 3', run: () => llm.agenerate('Valid prompt 3: name a fruit.', { maxTokens }) },
    ];
    const results = await gather(
      tasks.map((task) => task.run),
      { settle: true },
    );
    results.forEach((result, index) => {
      const label = tasks[index]?.label ?? '';
      if (result.status === 'fulfilled') {
        terminal.line(
          `  ${terminal.colors.green(label)}  ${firstLine(result.value.content, terminal.width - 12)}`,
        );
      } else {
        const reason = result.reason;
        const name = AbstractCoreError.isInstance(reason) ? reason.name : 'Error';
        terminal.line(
          `  ${terminal.colors.red(label)}  ${name}: ${firstLine(String((reason as Error).message), terminal.width - 30)}`,
        );
      }
    });
    return undefined;
  },
};
