import { Lexer } from 'marked';
import { describe, expect, it } from 'vitest';
import { blockSeparator, documentSections } from './document-sections.js';
import { createEventLoopYielder } from './event-loop-yielder.js';

// The algorithm before slices: the whole document lexed in one pass.
function wholeTextSections(text: string): string[][] {
  const sections: string[][] = [];
  let section: string[] = [];
  let pendingHeading: string | undefined;
  for (const token of Lexer.lex(text)) {
    const raw = token.raw.trim();
    if (raw === '') continue;
    if (token.type === 'heading') {
      if (pendingHeading !== undefined) section.push(pendingHeading);
      if (section.length > 0) sections.push(section);
      section = [];
      pendingHeading = raw;
      continue;
    }
    section.push(pendingHeading === undefined ? raw : `${pendingHeading}${blockSeparator}${raw}`);
    pendingHeading = undefined;
  }
  if (pendingHeading !== undefined) section.push(pendingHeading);
  if (section.length > 0) sections.push(section);
  return sections;
}

async function slicedSections(text: string, signal?: AbortSignal): Promise<string[][]> {
  const sections: string[][] = [];
  for await (const section of documentSections(text, createEventLoopYielder(), signal))
    sections.push(section);
  return sections;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

// Every kind of block, with blank lines inside code fences (and a line that would be a heading outside
// one), loose lists, quotes, tables and a setext heading, repeated past several slices.
function variedMarkdown(repetitions: number): string {
  const chapter = (index: number): string =>
    [
      `# Chapter ${index}`,
      `Owls were counted in tower ${index}. ${'They nest high up and hunt at night. '.repeat(20)}`,
      '```md\n# not a heading\n\nstill code, after a blank line\n\n```',
      `- first item ${index}\n\n- second item, loose\n\n  continued inside the item`,
      '1. one\n\n2. two',
      '> A quote\n\n> and more of it',
      '| tower | owls |\n| --- | --- |\n| north | 3 |',
      `Setext heading ${index}\n---`,
      '~~~\n~~~~ not the end\n\n~~~',
      `Closing paragraph of chapter ${index}.`,
    ].join('\n\n');
  return Array.from({ length: repetitions }, (_, index) => chapter(index + 1)).join('\n\n');
}

describe('documentSections', () => {
  it('finds the sections and blocks that lexing the whole document finds', async () => {
    const text = variedMarkdown(600);
    expect(text.length).toBeGreaterThan(5 * 65_536);
    expect(await slicedSections(text)).toEqual(wholeTextSections(text));

    // A fence open where a slice would end: its blank lines and "headings" are code, not restart points.
    const items = '- an item of a long list\n\n'.repeat(2_400);
    const code = 'plain words inside the fence\n\n# not a heading\n\n'.repeat(200);
    const fenced = `${items}\`\`\`\n${code}\`\`\`\n\nAfter the fence.\n\n# Next\n\nThe end.`;
    const fencedSections = await slicedSections(fenced);
    expect(fencedSections).toEqual(wholeTextSections(fenced));
    expect(fencedSections.flat().filter((block) => block.startsWith('```'))).toEqual([
      `\`\`\`\n${code}\`\`\``,
    ]);
  });

  it('cuts a paragraph too long for one slice, between words where it has any', {
    timeout: 60_000,
  }, async () => {
    const line = 'The owls nested in the north tower again this spring. '.repeat(40_000).trim();
    const lineSections = await slicedSections(line);
    expect(lineSections.flat().length).toBeGreaterThan(1);
    expect(lineSections.flat().flatMap(words)).toEqual(words(line));

    // Two million characters without whitespace: marked alone overflows its stack on four.
    const han = `# Title\n\n${'我们喜欢读书'.repeat(350_000)}\n\nThe end.`;
    const hanSections = await slicedSections(han);
    expect(hanSections.flat().length).toBeGreaterThan(3);
    expect(hanSections.flat().join('').replace(/\s/g, '')).toBe(han.replace(/\s/g, ''));
  });

  it("stops with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error('the caller left');
    controller.abort(reason);
    const yielder = { due: () => true, pause: async () => undefined };
    const collect = async (): Promise<void> => {
      for await (const _section of documentSections(variedMarkdown(600), yielder, controller.signal));
    };
    await expect(collect()).rejects.toBe(reason);
  });
});
