import { formatDuration } from '../../terminal.js';
import { type DemoPattern, firstLine } from '../demo-pattern.js';

/** `await llm.agenerate(prompt)`: one request, one response. */
export const singleRequest: DemoPattern = {
  name: 'single',
  title: 'Single request',
  shows: 'await llm.agenerate(prompt) resolves to a response with content, usage and the finish reason.',
  async run({ llm, terminal, maxTokens }) {
    const response = await llm.agenerate('What is Python?', { maxTokens });
    const { colors } = terminal;
    terminal.line(`  ${colors.bold('answer')}  ${firstLine(response.content, terminal.width - 12)}`);
    terminal.line(
      `  ${colors.dim(`${response.usage.inputTokens ?? '?'} tokens in, ${response.usage.outputTokens ?? '?'} out · finish: ${response.finishReason} · ${formatDuration(response.genTimeMs)}`)}`,
    );
    return undefined;
  },
};
