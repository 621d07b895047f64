import type { Reply } from '@tooling/mock-llm';

/** One TypeScript block of a document, with what the harness must do around it. */
export interface DocExample {
  /** The document, relative to the repository root. */
  file: string;
  /** 1-based position among the document's TypeScript blocks. */
  index: number;
  /** The line of the opening fence, for error messages. */
  line: number;
  code: string;
  /** Replies the mock server gives, in order (`<!-- mock: {json reply} -->`); the default reply after them. */
  replies: Reply[];
  /** Text the example's output must contain (`<!-- output: text -->`). */
  outputs: string[];
  /** `<!-- example: no-run -->` blocks are type-checked only (fragments that need context to run). */
  run: boolean;
}

const fence = /^```(ts|typescript)\s*$/;
const directive = /^<!--\s*(mock|output|example):\s*(.*?)\s*-->\s*$/;

/**
 * The TypeScript blocks of a Markdown document and the directives in the HTML comments right above each:
 * invisible when the document is read, so its text stays what a user copies.
 */
export function extractExamples(markdown: string, file: string): DocExample[] {
  const lines = markdown.split('\n');
  const examples: DocExample[] = [];
  let pending: Array<{ kind: string; value: string }> = [];
  for (let number = 0; number < lines.length; number++) {
    const line = lines[number] ?? '';
    const match = directive.exec(line.trim());
    if (match !== null) {
      pending.push({ kind: match[1] as string, value: match[2] as string });
      continue;
    }
    if (fence.test(line.trim())) {
      const start = number;
      const body: string[] = [];
      for (number += 1; number < lines.length && !(lines[number] ?? '').trim().startsWith('```'); number++)
        body.push(lines[number] ?? '');
      examples.push({
        file,
        index: examples.length + 1,
        line: start + 1,
        code: body.join('\n'),
        replies: pending
          .filter((entry) => entry.kind === 'mock')
          .map((entry) => JSON.parse(entry.value) as Reply),
        outputs: pending.filter((entry) => entry.kind === 'output').map((entry) => entry.value),
        run: !pending.some((entry) => entry.kind === 'example' && entry.value === 'no-run'),
      });
      pending = [];
      continue;
    }
    if (line.trim() !== '') pending = [];
  }
  return examples;
}
