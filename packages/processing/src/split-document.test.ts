import { describe, expect, it } from 'vitest';
import { splitDocument } from './split-document.js';

const estimate = (text: string): number => Math.ceil(text.length / 4);

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

async function split(text: string, maxTokens: number): Promise<string[]> {
  const parts = await splitDocument(text, { maxTokens, countTokens: estimate });
  // Whatever the level it had to split at: no part over the budget, every word kept, in order.
  for (const part of parts) expect(estimate(part)).toBeLessThanOrEqual(maxTokens);
  expect(parts.flatMap(words)).toEqual(words(text));
  return parts;
}

describe('splitDocument', () => {
  it('keeps a document that fits as one part', async () => {
    await expect(split('# Title\n\nOne short paragraph.', 100)).resolves.toEqual([
      '# Title\n\nOne short paragraph.',
    ]);
    await expect(splitDocument('  \n ', { maxTokens: 10, countTokens: estimate })).resolves.toEqual([]);
  });

  it('splits on headings first, packing small sections together', async () => {
    const sections = ['# One', '## Two', '## Three', '## Four'].map(
      (heading, index) => `${heading}\n\nBody of section ${index + 1} with a few words in it.`,
    );
    // Each section is 14 tokens: two fit in 30 (with the separator), three do not.
    const parts = await split(sections.join('\n\n'), 30);
    expect(parts).toEqual([`${sections[0]}\n\n${sections[1]}`, `${sections[2]}\n\n${sections[3]}`]);
  });

  it('splits an oversized section on paragraphs, keeping each heading with the text after it', async () => {
    const paragraphs = Array.from(
      { length: 6 },
      (_, index) => `Paragraph ${index + 1} ${'word '.repeat(20).trim()}.`,
    );
    const text = `## Big section\n\n${paragraphs.join('\n\n')}\n\n## Next section\n\nThe end.`;
    const parts = await split(text, 40);
    expect(parts[0]?.startsWith('## Big section\n\nParagraph 1')).toBe(true);
    for (const paragraph of paragraphs)
      expect(parts.filter((part) => part.includes(paragraph))).toHaveLength(1);
    // After a section that had to be split, the next one starts its own part.
    expect(parts.at(-1)).toBe('## Next section\n\nThe end.');
  });

  it('splits a giant paragraph on sentences, then a giant sentence on words, never inside a word', async () => {
    const sentences = Array.from(
      { length: 12 },
      (_, index) => `Sentence ${index + 1} says something useful.`,
    );
    const parts = await split(sentences.join(' '), 20);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part).toMatch(/^Sentence \d+ .*useful\.$/);

    const longSentence = Array.from({ length: 80 }, (_, index) => `token${index}`).join(' ');
    const wordParts = await split(longSentence, 25);
    expect(wordParts.length).toBeGreaterThan(1);
    for (const part of wordParts) for (const word of words(part)) expect(word).toMatch(/^token\d+$/);
  });

  it('cuts only a single word longer than a whole part', async () => {
    const blob = 'x'.repeat(200);
    const parts = await splitDocument(`Before. ${blob} After.`, { maxTokens: 20, countTokens: estimate });
    expect(parts.join('').replace(/\s/g, '')).toBe(`Before.${blob}After.`);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]?.startsWith('Before. x')).toBe(true);
    expect(parts.at(-1)?.endsWith('x After.')).toBe(true);
    for (const part of parts) expect(estimate(part)).toBeLessThanOrEqual(20);
  });

  it('counts with the given tokenizer and checks maxTokens', async () => {
    const seen: string[] = [];
    const parts = await splitDocument('alpha beta gamma delta', {
      maxTokens: 2,
      countTokens: async (text) => {
        seen.push(text);
        return words(text).length;
      },
    });
    expect(parts).toEqual(['alpha beta', 'gamma delta']);
    expect(seen.length).toBeGreaterThan(0);
    await expect(splitDocument('text', { maxTokens: 0, countTokens: estimate })).rejects.toThrow(RangeError);
  });
});

describe('splitDocument on long documents', () => {
  it('splits two megabytes of Markdown on headings, keeping every word', { timeout: 60_000 }, async () => {
    const section = (index: number): string =>
      `## Section ${index}\n\n${'Owls nested in the north tower, 3.5 km away. '.repeat(60)}\n\n- an item\n- another\n\n\`\`\`\ncode\n\ncode\n\`\`\``;
    const text = Array.from({ length: 750 }, (_, index) => section(index + 1)).join('\n\n');
    expect(text.length).toBeGreaterThan(2_000_000);
    const parts = await split(text, 6000);
    expect(parts.length).toBeGreaterThan(60);
    for (const part of parts) expect(part).toMatch(/^## Section \d+\n/);
  });

  it('splits a two-megabyte paragraph on sentences', { timeout: 60_000 }, async () => {
    const text = Array.from({ length: 70_000 }, (_, index) => `Sentence ${index} is about owls.`).join(' ');
    expect(text.length).toBeGreaterThan(2_000_000);
    const parts = await split(text, 2000);
    // Lexed in slices cut at sentence ends, which then join as blocks do.
    for (const part of parts) expect(part).toMatch(/^Sentence \d+ .*owls\.$/s);
  });

  it("stops with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error('the caller left');
    controller.abort(reason);
    const text = 'Owls nested in the north tower. '.repeat(100_000);
    await expect(
      splitDocument(text, { maxTokens: 100, countTokens: estimate, signal: controller.signal }),
    ).rejects.toBe(reason);
  });
});
