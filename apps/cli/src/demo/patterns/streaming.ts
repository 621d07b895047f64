import { formatDuration } from '../../terminal.js';
import type { DemoPattern } from '../demo-pattern.js';

/** The two-step pattern: await the stream, then `for await` over its chunks. */
export const streaming: DemoPattern = {
  name: 'streaming',
  title: 'Streaming',
  shows:
    'const stream = await llm.agenerate(prompt, { stream: true }); then for await prints chunks as they arrive.',
  async run({ llm, terminal, maxTokens }) {
    const started = performance.now();
    const stream = await llm.agenerate('Write a haiku about coding.', { stream: true, maxTokens });
    let firstChunkMs: number | undefined;
    let chunks = 0;
    terminal.write('  ');
    for await (const chunk of stream) {
      firstChunkMs ??= performance.now() - started;
      if (chunk.content !== '') {
        chunks += 1;
        terminal.write(chunk.content.replace(/\n/g, '\n  '));
      }
    }
    terminal.line();
    terminal.line(
      terminal.colors.dim(`  ${chunks} chunks · first after ${formatDuration(firstChunkMs ?? 0)}`),
    );
    return undefined;
  },
};
