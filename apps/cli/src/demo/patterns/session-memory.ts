import { BasicSession } from '@core/session';
import { type DemoPattern, firstLine } from '../demo-pattern.js';

/** `BasicSession` keeps the conversation, so the second question can refer to the first. */
export const sessionMemory: DemoPattern = {
  name: 'session',
  title: 'A session with memory',
  shows: 'BasicSession sends the history with each turn; conversationHistory holds every message in order.',
  async run({ llm, terminal, maxTokens }) {
    const session = new BasicSession({ provider: llm, systemPrompt: 'You are a concise assistant.' });
    const questions = ['What is Python?', 'What are its main use cases?'];
    for (const question of questions) {
      const response = await session.agenerate(question, { maxTokens });
      terminal.line(`  ${terminal.colors.cyan('you')}  ${question}`);
      terminal.line(`  ${terminal.colors.bold('llm')}  ${firstLine(response.content, terminal.width - 8)}`);
    }
    terminal.line(
      terminal.colors.dim(
        `  conversationHistory: ${session.conversationHistory.length} messages (${session.conversationHistory.map((message) => message.role).join(', ')})`,
      ),
    );
    return undefined;
  },
};
