import { BasicSession } from '@core/session';
import { formatDuration } from '../../terminal.js';
import { type DemoPattern, firstLine } from '../demo-pattern.js';

/** Independent sessions over one LLM, each with its own history, run at once. */
export const concurrentSessions: DemoPattern = {
  name: 'concurrent-sessions',
  title: 'Concurrent independent sessions',
  shows: 'Three sessions share one LLM and run at once; each history stays its own.',
  async run({ llm, terminal, maxTokens }) {
    const topics = ['Python', 'JavaScript', 'Rust'];
    const started = performance.now();
    const results = await Promise.all(
      topics.map(async (topic) => {
        const session = new BasicSession({ provider: llm });
        const first = await session.agenerate(`What is ${topic}?`, { maxTokens });
        const second = await session.agenerate('Give me a simple example.', { maxTokens });
        return {
          topic,
          first: first.content,
          second: second.content,
          messages: session.conversationHistory.length,
        };
      }),
    );
    for (const result of results) {
      terminal.line(`  ${terminal.colors.bold(result.topic)} (${result.messages} messages)`);
      terminal.line(`    1. ${firstLine(result.first, terminal.width - 8)}`);
      terminal.line(`    2. ${firstLine(result.second, terminal.width - 8)}`);
    }
    terminal.line(
      terminal.colors.dim(`  6 turns in 3 sessions in ${formatDuration(performance.now() - started)}`),
    );
    return undefined;
  },
};
