/**
 * Reasoning written into the text. Models served without a reasoning parser (Ollama's older builds, LM
 * Studio, vLLM and llama.cpp as often configured, the ONNX provider) put their thinking at the start of
 * the content as `<think>…</think>` (Qwen3, DeepSeek-R1, gpt-oss templates) or `<thinking>…</thinking>`.
 * Every provider's text goes through here, so it comes out as `reasoning` in one shape.
 */

const openTags = ['<think>', '<thinking>'] as const;

function closeTagOf(open: string): string {
  return `</${open.slice(1)}`;
}

/** The open tag `text` starts with, `undefined` when none; `'partial'` when `text` may still become one. */
function openTagAt(text: string): string | 'partial' | undefined {
  for (const tag of openTags) {
    if (text.startsWith(tag)) return tag;
  }
  return openTags.some((tag) => tag.startsWith(text)) ? 'partial' : undefined;
}

/** A whole answer: a leading thinking block as `reasoning` (trimmed), the rest as `content`. */
export function splitThinking(text: string): { reasoning: string | undefined; content: string } {
  const start = text.length - text.trimStart().length;
  const open = openTagAt(text.slice(start, start + 12));
  if (open === undefined || open === 'partial') return { reasoning: undefined, content: text };
  const bodyStart = start + open.length;
  const close = text.indexOf(closeTagOf(open), bodyStart);
  // No close tag: the answer ended (maxTokens) while still thinking.
  if (close === -1) return { reasoning: text.slice(bodyStart).trim(), content: '' };
  return {
    reasoning: text.slice(bodyStart, close).trim(),
    content: text.slice(close + closeTagOf(open).length).trimStart(),
  };
}

/** The streaming form of `splitThinking`; see `createThinkingSplitter`. */
export interface ThinkingSplitter {
  /**
   * Takes the next piece of content; returns what of it is content and what is reasoning, now, and
   * `settled` once every later piece is plain content (the caller may stop splitting).
   */
  push(piece: string): { content: string; reasoning: string; settled: boolean };
  /** The end of the step: what was still held back. */
  flush(): { content: string; reasoning: string };
}

/**
 * `start`: nothing but whitespace yet, the answer may still open with a tag; `after-thinking`: right after
 * the close tag, whose following whitespace is dropped as `splitThinking` does.
 */
type State = 'start' | 'thinking' | 'after-thinking' | 'content';

/**
 * Splits streamed content the way `splitThinking` splits a whole answer, with tags split across chunks:
 * only the first characters of a step are held while they may still open a tag, and inside the block only
 * what may begin the close tag. Past a first character that opens no tag, text passes through untouched.
 */
export function createThinkingSplitter(): ThinkingSplitter {
  let state: State = 'start';
  let pending = '';
  let closeTag = '';
  let firstReasoning = true;

  // Read through a function: TypeScript would narrow `state` across the calls that change it.
  const settled = (): boolean => state === 'content';

  function reasoningOut(text: string): string {
    if (!firstReasoning || text === '') return text;
    const trimmed = text.trimStart();
    if (trimmed !== '') firstReasoning = false;
    return trimmed;
  }

  function think(text: string): { content: string; reasoning: string; settled: boolean } {
    pending += text;
    const close = pending.indexOf(closeTag);
    if (close !== -1) {
      const reasoning = reasoningOut(pending.slice(0, close));
      const after = pending.slice(close + closeTag.length);
      pending = '';
      state = 'after-thinking';
      const content = afterThinking(after);
      return { reasoning, content, settled: settled() };
    }
    // Keep the longest tail that may be the start of the close tag.
    let keep = Math.min(closeTag.length - 1, pending.length);
    while (keep > 0 && !closeTag.startsWith(pending.slice(pending.length - keep))) keep -= 1;
    const reasoning = reasoningOut(pending.slice(0, pending.length - keep));
    pending = pending.slice(pending.length - keep);
    return { reasoning, content: '', settled: false };
  }

  function afterThinking(text: string): string {
    const trimmed = text.trimStart();
    if (trimmed !== '') state = 'content';
    return trimmed;
  }

  return {
    push(piece) {
      switch (state) {
        case 'content':
          return { content: piece, reasoning: '', settled: true };
        case 'thinking':
          return think(piece);
        case 'after-thinking': {
          const content = afterThinking(piece);
          return { content, reasoning: '', settled: settled() };
        }
        case 'start': {
          pending += piece;
          const trimmed = pending.trimStart();
          if (trimmed === '') return { content: '', reasoning: '', settled: false };
          const open = openTagAt(trimmed);
          if (open === 'partial') return { content: '', reasoning: '', settled: false };
          if (open === undefined) {
            const content = pending;
            pending = '';
            state = 'content';
            return { content, reasoning: '', settled: true };
          }
          state = 'thinking';
          closeTag = closeTagOf(open);
          pending = '';
          return think(trimmed.slice(open.length));
        }
      }
    },
    flush() {
      const rest = pending;
      pending = '';
      if (state === 'thinking') return { content: '', reasoning: reasoningOut(rest).trimEnd() };
      if (state === 'start') return { content: rest, reasoning: '' };
      return { content: '', reasoning: '' };
    },
  };
}
