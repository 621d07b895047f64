import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLLM, gather } from '@core/session';
import { AbstractCoreError, type LLM } from '@core/types';
import type { ProviderChoice } from '../../provider-flags.js';
import { type DemoPattern, firstLine } from '../demo-pattern.js';

// A request that really fails, whatever the provider: a local model that is not there, or an HTTP
// provider's address where nothing listens (port 9, discard, is closed on loopback).
function brokenTwin(choice: ProviderChoice): LLM {
  if (choice.provider === 'onnx')
    return createLLM('onnx', { model: join(tmpdir(), 'abstractcore-no-such-model') });
  return createLLM(choice.provider, {
    baseUrl: 'http://127.0.0.1:9/v1',
    ...(choice.model === undefined ? {} : { model: choice.model }),
    ...(choice.apiKey === undefined ? {} : { apiKey: choice.apiKey }),
    maxRetries: 0,
  });
}

/** The seed's "handle errors per task": one failing request does not sink the others. */
export const perTaskErrors: DemoPattern = {
  name: 'errors',
  title: 'Per-task error handling',
  shows:
    'gather(tasks, { settle: true }) returns each result or typed error in order; one failure leaves the rest.',
  async run({ llm, terminal, maxTokens, prepared }) {
    const broken = brokenTwin(prepared.choice);
    const tasks = [
      { label: 'Task 1', run: () => llm.agenerate('Valid prompt 1: name a colour.', { maxTokens }) },
      { label: 'Task 2', run: () => broken.agenerate('Valid prompt 2', { maxTokens }) },
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
          `  ${terminal.colors.red(label)}  ${name}: ${firstLine(String((reason as Error).message), terminal.width - 40)}`,
        );
      }
    });
    await broken.unloadModel();
    return undefined;
  },
};
