import type { DemoPattern } from '../demo-pattern.js';

const topics = ['Python', 'JavaScript', 'Rust'];

/**
 * Three streams at once, each on its own line. On a terminal the lines are redrawn in place as chunks
 * arrive, so they never garble; in a pipe each answer is printed whole once complete, with the order in
 * which chunks arrived to show they interleaved.
 */
export const concurrentStreams: DemoPattern = {
  name: 'concurrent-streams',
  title: 'Concurrent streams',
  shows: 'Three streams run at once; each keeps its own line, however their chunks interleave.',
  async run({ llm, terminal, maxTokens }) {
    const { colors } = terminal;
    const texts = topics.map(() => '');
    const arrivals: number[] = [];
    const labelWidth = 12;
    const draw = (first: boolean) => {
      if (!first) terminal.write(`\u001b[${topics.length}A`);
      topics.forEach((topic, index) => {
        const text = (texts[index] ?? '').replace(/\s+/g, ' ');
        const room = Math.max(10, terminal.width - labelWidth - 4);
        const tail = text.length > room ? `…${text.slice(-(room - 1))}` : text;
        terminal.write(`\u001b[2K  ${colors.bold(topic.padEnd(labelWidth - 1))}${tail}\n`);
      });
    };
    if (terminal.interactive) draw(true);
    let lastDraw = 0;
    await Promise.all(
      topics.map(async (topic, index) => {
        const stream = await llm.agenerate(`Explain ${topic} in one sentence.`, {
          stream: true,
          maxTokens,
          seed: index + 1,
        });
        for await (const chunk of stream) {
          if (chunk.content === '') continue;
          texts[index] += chunk.content;
          arrivals.push(index);
          if (terminal.interactive && performance.now() - lastDraw > 30) {
            lastDraw = performance.now();
            draw(false);
          }
        }
      }),
    );
    if (terminal.interactive) draw(false);
    else {
      topics.forEach((topic, index) => {
        terminal.line(
          `  ${colors.bold(topic.padEnd(labelWidth - 1))}${(texts[index] ?? '').replace(/\s+/g, ' ').trim()}`,
        );
      });
    }
    const switches = arrivals.filter(
      (stream, position) => position > 0 && stream !== arrivals[position - 1],
    ).length;
    const order = arrivals
      .slice(0, 24)
      .map((stream) => 'ABC'[stream])
      .join('');
    terminal.line(
      colors.dim(
        `  ${arrivals.length} chunks, ${switches} switches between streams (arrival order ${order}…)`,
      ),
    );
    return undefined;
  },
};
