import { describe, expect, it } from 'vitest';
import { countWords, countWordsInTurns } from './count-words.js';

// The algorithm before pieces: one pass of the segmenter over the whole text (quadratic in V8, so only
// on texts of a few pieces here).
function wholeTextCount(text: string): number {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
  let count = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike === true) count += 1;
  return count;
}

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const mixed =
  "Hello, world! It's 3.14 — naïve café e\u0301te\u0301 don't stop-motion 👩‍👩‍👧 🇫🇷🇩🇪 我们喜欢读书 日本語のテキスト ไทยภาษา _under_score a.b.c 1,000.5\t";

describe('countWords', () => {
  it('counts words, not punctuation or whitespace', () => {
    expect(countWords('Hello, world! It is 2025 - a new year.')).toBe(8);
    expect(countWords('  \n\t ')).toBe(0);
    expect(countWords('')).toBe(0);
    expect(countWords("don't stop-motion")).toBe(3);
  });

  it('counts text written without spaces', () => {
    expect(countWords('我们喜欢读书')).toBeGreaterThan(1);
  });

  it('counts what one pass over the whole text counts, on texts of many pieces', () => {
    const texts = {
      prose: repeatTo('The owls, 12 of them, nested in e.g. the north tower. ', 12_000),
      crlf: repeatTo('Line one of the survey.\r\nLine two.\r\n\r\n', 12_000),
      mixed: repeatTo(mixed, 12_000),
      chineseWithPunctuation: repeatTo('我们喜欢读书，也喜欢写字。今天天气很好！你去哪里？', 12_000),
      chineseWithoutPunctuation: repeatTo('我们喜欢读书也喜欢写字今天天气很好你去哪里', 6_000),
      thai: repeatTo('ภาษาไทยเป็นภาษาที่ไม่มีการเว้นวรรคระหว่างคำ', 6_000),
      japanese: repeatTo('わたしはがくせいです。きょうはいいてんきですね。', 8_000),
      longWord: `before ${'x'.repeat(30_000)} after`,
      dottedWord: `before ${repeatTo('ab.', 6_000)}cd after`,
      base64: `data:${repeatTo('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0123+/=', 12_000)} tail`,
      urls: repeatTo('https://example.com/a/b?c=d&e=f#g', 12_000),
      emoji: repeatTo('👩‍👩‍👧🇫🇷🇩🇪😀', 6_000),
      spaces: repeatTo('word     ', 6_000),
    };
    for (const [name, text] of Object.entries(texts)) {
      expect(countWords(text), name).toBe(wholeTextCount(text));
    }
  });

  it('counts a long text as the sum of its paragraphs', { timeout: 60_000 }, () => {
    const paragraphs = Array.from(
      { length: 4_000 },
      (_, index) => `Paragraph ${index}: ${mixed.repeat(1 + (index % 5))}我们喜欢读书。`,
    );
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThan(1_000_000);
    const sum = paragraphs.reduce((total, paragraph) => total + wholeTextCount(paragraph), 0);
    expect(countWords(text)).toBe(sum);
  });

  it('counts a megabyte without any whitespace exactly', { timeout: 60_000 }, () => {
    // Each repetition ends in punctuation, where the segmentation of Chinese starts afresh.
    const unit = '我们喜欢读书，也喜欢写字。今天天气很好！你去哪里？';
    const repetitions = 40_000;
    expect(countWords(unit.repeat(repetitions))).toBe(repetitions * wholeTextCount(unit));
    expect(countWords(`a ${'x'.repeat(1_000_000)} b`)).toBe(3);
  });
});

describe('countWordsInTurns', () => {
  const long = repeatTo('The owls nested in the north tower again this spring. ', 1_000_000);

  it('counts what countWords counts, letting timers and I/O run while it does', {
    timeout: 60_000,
  }, async () => {
    let turns = 0;
    const ticker = setInterval(() => {
      turns += 1;
    }, 1);
    try {
      const counted = await countWordsInTurns(long);
      expect(counted).toBe(countWords(long));
      // Ordering, not timing: a count that held the event loop to the end would let no interval fire.
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
    }
  });

  it("stops with the signal's reason", { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const reason = new Error('the caller left');
    const counting = countWordsInTurns(long, controller.signal);
    setImmediate(() => controller.abort(reason));
    await expect(counting).rejects.toBe(reason);
  });
});
