import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Summarizer, type SummaryProgress } from '../src/index.js';
import { type Answer, type MockStack, promptOf, startMockStack } from './support/mock-stack.js';

// Counting words with one pass of Intl.Segmenter over the whole text is quadratic in V8: this document
// took minutes before counting and splitting went in bounded pieces, and finishes in seconds now.
const documentSections = 2_200;

function section(index: number): string {
  return [
    `## Section ${index}`,
    `Observers counted ${index} owls in tower ${index}, 3.5 km north of the river. ${'They nest high up, hunt at night and return each spring. '.repeat(12)}`,
    `- tower ${index} faces north\n- its owls were ringed`,
    '```\nconst owls = count(tower);\n\nreport(owls);\n```',
    `| tower | owls |\n| --- | --- |\n| ${index} | ${index % 9} |`,
  ].join('\n\n');
}

// Counted block by block, each in one pass over its own short text: counts add up across the blank
// lines between blocks, since no word runs across a line break.
function wordsOf(document: string): number {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
  let count = 0;
  for (const block of document.split('\n\n')) {
    for (const segment of segmenter.segment(block)) if (segment.isWordLike === true) count += 1;
  }
  return count;
}

const answer: Answer = {
  summary: 'Observers counted owls in over two thousand towers north of the river.',
  keyPoints: ['Every tower has owls'],
  confidence: 0.8,
};

let stack: MockStack;
let directory: string;
beforeAll(async () => {
  stack = await startMockStack();
  directory = await mkdtemp(join(tmpdir(), 'processing-megabyte-'));
});
afterAll(async () => {
  await stack.close();
  await rm(directory, { recursive: true, force: true });
});

describe('a two-megabyte Markdown document', () => {
  it('is split, summarized part by part and combined, with its words counted, in seconds', {
    timeout: 60_000,
  }, async () => {
    const document = `# Owl towers\n\n${Array.from({ length: documentSections }, (_, index) => section(index + 1)).join('\n\n')}`;
    expect(document.length).toBeGreaterThan(2_000_000);
    const path = join(directory, 'owl-towers.md');
    await writeFile(path, document);
    stack.mock.setDefault({ text: JSON.stringify(answer) });
    const progress: SummaryProgress[] = [];
    try {
      const result = await new Summarizer(stack.llm).summarize(
        { path },
        { onProgress: (event) => progress.push(event) },
      );
      expect(result).toEqual({ ...answer, wordCountOriginal: wordsOf(document), wordCountSummary: 12 });
    } finally {
      stack.mock.setDefault({});
    }
    const partPrompts = stack.mock.requests
      .map(promptOf)
      .filter((prompt) => prompt.includes('<document-part'));
    expect(partPrompts.length).toBeGreaterThan(50);
    // Split on structure: every section reaches the model whole, in exactly one part.
    const sectionsSeen = new Map<string, number>();
    for (const prompt of partPrompts) {
      for (const [heading] of prompt.matchAll(/^## Section \d+$/gm)) {
        sectionsSeen.set(heading, (sectionsSeen.get(heading) ?? 0) + 1);
      }
    }
    expect(sectionsSeen.size).toBe(documentSections);
    expect([...sectionsSeen.values()].every((count) => count === 1)).toBe(true);
    expect(progress.at(-1)).toEqual({
      completed: stack.mock.requests.length,
      total: stack.mock.requests.length,
    });
  });
});
