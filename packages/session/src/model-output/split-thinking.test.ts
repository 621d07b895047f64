import { describe, expect, it } from 'vitest';
import { createThinkingSplitter, splitThinking } from './split-thinking.js';

const answers = [
  '<think>\nThe user greets me.\n</think>\n\nHello there!',
  '  <thinking>Plan: add 2 and 2.</thinking>4',
  '<think>still thinking when maxTokens ran out',
  '<think></think>Empty thinking, then the answer.',
  'No thinking here, <think>not at the start</think>.',
  'A plain answer.',
  '<thin ice> is not a tag',
  '',
];

// Every way of cutting `text` into two pieces, and one character at a time.
function cuttings(text: string): string[][] {
  const ways = [[...text]];
  for (let at = 0; at <= text.length; at++) ways.push([text.slice(0, at), text.slice(at)]);
  return ways;
}

function splitStreamed(pieces: string[]): { content: string; reasoning: string } {
  const splitter = createThinkingSplitter();
  let content = '';
  let reasoning = '';
  for (const piece of pieces) {
    const out = splitter.push(piece);
    content += out.content;
    reasoning += out.reasoning;
  }
  const rest = splitter.flush();
  return { content: content + rest.content, reasoning: (reasoning + rest.reasoning).trim() };
}

describe('splitThinking', () => {
  it('moves a leading thinking block to reasoning and leaves the rest as content', () => {
    expect(splitThinking(answers[0] as string)).toEqual({
      reasoning: 'The user greets me.',
      content: 'Hello there!',
    });
    expect(splitThinking(answers[1] as string)).toEqual({ reasoning: 'Plan: add 2 and 2.', content: '4' });
    expect(splitThinking(answers[2] as string)).toEqual({
      reasoning: 'still thinking when maxTokens ran out',
      content: '',
    });
    expect(splitThinking(answers[4] as string)).toEqual({ reasoning: undefined, content: answers[4] });
    expect(splitThinking(answers[6] as string)).toEqual({ reasoning: undefined, content: answers[6] });
  });

  it.each(answers)('gives the same split streamed, wherever the chunks are cut: %j', (answer) => {
    const whole = splitThinking(answer);
    for (const pieces of cuttings(answer)) {
      const streamed = splitStreamed(pieces);
      expect(streamed.content).toBe(whole.content);
      expect(streamed.reasoning).toBe(whole.reasoning ?? '');
    }
  });

  it('says when later pieces are plain content, so a stream stops splitting', () => {
    const splitter = createThinkingSplitter();
    expect(splitter.push('  ')).toEqual({ content: '', reasoning: '', settled: false });
    expect(splitter.push('Hi')).toEqual({ content: '  Hi', reasoning: '', settled: true });
  });
});
