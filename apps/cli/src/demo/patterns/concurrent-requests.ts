import { formatDuration } from '../../terminal.js';
import { type DemoPattern, firstLine } from '../demo-pattern.js';

const topics = ['Python', 'JavaScript', 'Rust'];

/** `Promise.all` over `agenerate`: the seed's `asyncio.gather`, measured against awaiting one by one. */
export const concurrentRequests: DemoPattern = {
  name: 'concurrent',
  title: 'Concurrent requests',
  shows: 'Promise.all runs three requests at once; the speed-up over awaiting them one by one is measured.',
  async run({ llm, terminal, maxTokens, prepared }) {
    const prompt = (topic: string) => `Summarize ${topic} in one sentence.`;
    let started = performance.now();
    for (const topic of topics) await llm.agenerate(prompt(topic), { maxTokens, seed: 1 });
    const sequentialMs = performance.now() - started;
    started = performance.now();
    const responses = await Promise.all(
      topics.map((topic) => llm.agenerate(prompt(topic), { maxTokens, seed: 1 })),
    );
    const concurrentMs = performance.now() - started;
    responses.forEach((response, index) => {
      terminal.line(
        `  ${terminal.colors.bold((topics[index] ?? '').padEnd(10))} ${firstLine(response.content, terminal.width - 14)}`,
      );
    });
    const speedUp = sequentialMs / concurrentMs;
    terminal.line(
      `  one by one ${formatDuration(sequentialMs)} · together ${formatDuration(concurrentMs)} · ${terminal.colors.green(`${speedUp.toFixed(1)}x`)}`,
    );
    if (prepared.choice.provider === 'onnx') {
      terminal.line(
        terminal.colors.dim(
          '  Local inference is bound by the CPU: the worker batches concurrent requests into one forward pass per step.',
        ),
      );
    }
    return undefined;
  },
};
