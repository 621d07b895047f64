import type { LLM } from '@core/types';
import { formatDuration } from '../../terminal.js';
import { type DemoPattern, firstLine } from '../demo-pattern.js';

const question = 'Is the Earth flat? Answer yes or no.';

function verdict(text: string): 'yes' | 'no' | 'unclear' {
  const match = /\b(yes|no)\b/i.exec(text);
  return match === null ? 'unclear' : (match[1]?.toLowerCase() as 'yes' | 'no');
}

/**
 * Several providers or models asked the same question at once, and a consensus from their answers.
 * With `--compare provider:model,…` the demo asks those; otherwise three samples of the chosen model.
 */
export const compareAndConsensus: DemoPattern = {
  name: 'compare',
  title: 'Several providers at once, and a consensus',
  shows: 'The same question goes to several LLMs concurrently; a majority vote gives the consensus.',
  async run({ llm, terminal, maxTokens, prepared, others }) {
    const askers: Array<{ label: string; ask: () => ReturnType<LLM['agenerate']> }> =
      others.length > 0
        ? [prepared, ...others].map((entry) => ({
            label: entry.label,
            ask: () => entry.llm.agenerate(question, { maxTokens }),
          }))
        : [1, 2, 3].map((seed) => ({
            label: `${prepared.choice.provider} sample ${seed}`,
            ask: () => llm.agenerate(question, { maxTokens, temperature: 0.9, seed }),
          }));
    if (others.length === 0) {
      terminal.line(
        terminal.colors.dim(
          '  One provider configured: comparing three samples of it (pass --compare provider:model,… for more).',
        ),
      );
    }
    const started = performance.now();
    const answers = await Promise.all(
      askers.map(async (asker) => ({ label: asker.label, response: await asker.ask() })),
    );
    const votes = { yes: 0, no: 0, unclear: 0 };
    for (const { label, response } of answers) {
      const text = 'content' in response ? response.content : '';
      const vote = verdict(text);
      votes[vote] += 1;
      terminal.line(
        `  ${terminal.colors.bold(vote.padEnd(8))}${label}: ${firstLine(text, terminal.width - label.length - 14)}`,
      );
    }
    const decided = votes.yes === votes.no ? 'no majority' : votes.yes > votes.no ? 'yes' : 'no';
    terminal.line(
      `  consensus: ${terminal.colors.green(decided)} (yes ${votes.yes}, no ${votes.no}, unclear ${votes.unclear}) in ${formatDuration(performance.now() - started)}`,
    );
    return undefined;
  },
};
