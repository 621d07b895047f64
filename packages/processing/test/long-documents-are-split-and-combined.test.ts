import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countWords, Summarizer, type SummaryProgress } from '../src/index.js';
import {
  type Answer,
  answerReply,
  type MockStack,
  promptOf,
  startMockStack,
  withInFlightCount,
} from './support/mock-stack.js';

// With 4-character token estimates (mock-llm's model has no tokenizer) a 1,200-token window leaves about
// 1,500 characters of text per request: one section of the document below each.
const contextTokens = 1200;
const latencyMs = 40;

function distinctive(index: number): string {
  return `The distinctive finding of section ${index} is that owl number ${index} nests in tower ${index}.`;
}

function section(index: number, title = `Section ${index}`): string {
  return `## ${title}\n\n${distinctive(index)} ${'Ordinary filler words describe the survey in more detail. '.repeat(16)}`;
}

function longDocument(sections: number, title = 'Section'): string {
  return `# Owl survey\n\n${Array.from({ length: sections }, (_, index) => section(index + 1, `${title} ${index + 1}`)).join('\n\n')}`;
}

function partialAnswer(label: string, words = 8): Answer {
  return {
    summary: `Partial summary ${label}: ${'owls were counted carefully '.repeat(words / 4).trim()}.`,
    keyPoints: [`Key point of ${label}`],
    confidence: 0.8,
  };
}

function isPartRequest(request: { body: unknown }): boolean {
  return promptOf(request).includes('<document-part');
}

let stack: MockStack;
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'processing-long-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});
// A server of its own per test: requests a test aborted can still reach the server after that test ended
// (an in-process server may not have read them yet), and must not count as the next test's.
beforeEach(async () => {
  stack = await startMockStack();
});
afterEach(async () => {
  await stack.close();
});

describe('a document longer than the context window', () => {
  it('is split on headings, every part reaches the model concurrently within the bound, with progress, and the partial summaries are combined', async () => {
    const sections = 8;
    const document = longDocument(sections);
    const partials = Array.from({ length: sections }, (_, index) => partialAnswer(`P${index + 1}`));
    const final: Answer = {
      summary: 'Eight towers each host one owl nest.',
      keyPoints: ['Owls nest in towers'],
      confidence: 0.9,
    };
    stack.mock.enqueue(...partials.map((answer) => answerReply(answer, latencyMs)), answerReply(final));
    const counted = withInFlightCount(stack.llm);
    const progress: SummaryProgress[] = [];

    const result = await new Summarizer(counted.llm, { concurrency: 3 }).summarize(document, {
      contextTokens,
      style: 'executive',
      onProgress: (event) => progress.push(event),
    });

    const requests = stack.mock.requests;
    const partRequests = requests.filter(isPartRequest);
    expect(partRequests).toHaveLength(sections);
    // Split on structure: every part starts at a heading, and no section's sentence is cut.
    for (const request of partRequests) {
      expect(promptOf(request)).toMatch(/<document-part number="\d+" of="8">\n#{1,2} /);
    }
    for (let index = 1; index <= sections; index++) {
      const holding = partRequests.filter((request) => promptOf(request).includes(distinctive(index)));
      expect(holding, `section ${index}`).toHaveLength(1);
    }
    // Concurrent, within the bound.
    expect(counted.maxInFlight()).toBe(3);
    // Progress: announced, then one step per call, ending complete.
    expect(progress[0]).toEqual({ completed: 0, total: sections + 1 });
    expect(progress.at(-1)).toEqual({ completed: sections + 1, total: sections + 1 });
    expect(progress.map((event) => event.completed)).toEqual(
      Array.from({ length: sections + 2 }, (_, index) => index),
    );
    // The last request combines every partial summary, in the caller's style.
    const combine = requests.at(-1);
    if (combine === undefined) throw new Error('no combine request');
    expect(requests).toHaveLength(sections + 1);
    expect(isPartRequest(combine)).toBe(false);
    for (const partial of partials) expect(promptOf(combine)).toContain(partial.summary);
    expect(promptOf(combine)).toContain('<part-summary part="8">');
    expect(JSON.stringify(combine.body)).toContain('Style (executive)');
    expect(result).toEqual({ ...final, wordCountOriginal: countWords(document), wordCountSummary: 7 });
  });

  it('splits a long document without headings on paragraphs', async () => {
    const paragraphs = Array.from(
      { length: 5 },
      (_, index) =>
        `${distinctive(index + 1)} ${'Plain prose without any heading at all goes on. '.repeat(18)}`,
    );
    stack.mock.setDefault({ text: JSON.stringify(partialAnswer('any')) });
    try {
      await new Summarizer(stack.llm).summarize(paragraphs.join('\n\n'), { contextTokens });
    } finally {
      stack.mock.setDefault({});
    }
    const partPrompts = stack.mock.requests.filter(isPartRequest).map(promptOf);
    expect(partPrompts.length).toBeGreaterThan(1);
    for (const paragraph of paragraphs) {
      expect(partPrompts.filter((prompt) => prompt.includes(paragraph.trim()))).toHaveLength(1);
    }
  });

  it('combines in rounds when the partial summaries together exceed the window, dropping none', async () => {
    const sections = 8;
    const document = longDocument(sections);
    // Long partial summaries: only two fit in one combining request.
    const replies = Array.from({ length: 20 }, (_, index) => partialAnswer(`R${index + 1}`, 80));
    stack.mock.enqueue(...replies.map((answer) => answerReply(answer)));
    const progress: SummaryProgress[] = [];

    const result = await new Summarizer(stack.llm).summarize(document, {
      contextTokens,
      onProgress: (event) => progress.push(event),
    });

    const requests = stack.mock.requests;
    const replyOf = (index: number): Answer => replies[index] as Answer; // the mock serves its queue in arrival order
    const partIndexes = requests.flatMap((request, index) => (isPartRequest(request) ? [index] : []));
    const roundIndexes = requests.flatMap((request, index) =>
      promptOf(request).startsWith('Combine these summaries of parts') ? [index] : [],
    );
    expect(partIndexes).toHaveLength(sections);
    expect(roundIndexes.length).toBeGreaterThan(1);
    // Every answer but the last was carried into a later combining request.
    for (let index = 0; index < requests.length - 1; index++) {
      const carried = requests
        .slice(index + 1)
        .some((later) => promptOf(later).includes(replyOf(index).summary));
      expect(carried, `the answer to request ${index + 1}`).toBe(true);
    }
    const final = requests.at(-1);
    if (final === undefined) throw new Error('no final request');
    expect(promptOf(final)).toMatch(/^Combine these summaries of the 8 parts/);
    expect(promptOf(final)).toMatch(/<part-summary parts="1-\d">/);
    expect(promptOf(final)).toMatch(/<part-summary parts="\d-8">/);
    expect(result.summary).toBe(replyOf(requests.length - 1).summary);
    expect(progress.at(-1)).toEqual({ completed: requests.length, total: requests.length });
  });

  it('stops the other parts and reports the ValidationError when one part never validates', async () => {
    stack.mock.enqueue(answerReply(partialAnswer('ok'), latencyMs));
    // Every other request gets the default `Echo: …`, which is never JSON.
    const failure = await new Summarizer(stack.llm, { concurrency: 2 })
      .summarize(longDocument(6), { contextTokens })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(failure).toMatchObject({ name: 'ValidationError', attempts: 3 });
    // No combining request was made from an incomplete set of parts.
    expect(stack.mock.requests.some((request) => promptOf(request).startsWith('Combine'))).toBe(false);
  });

  it("stops on abort with the signal's reason", async () => {
    stack.mock.setDefault({ text: JSON.stringify(partialAnswer('any')), latency: { beforeHeadersMs: 200 } });
    const controller = new AbortController();
    const reason = new Error('the user left');
    const progress: SummaryProgress[] = [];
    try {
      const summary = new Summarizer(stack.llm).summarize(longDocument(4), {
        contextTokens,
        signal: controller.signal,
        onProgress: (event) => progress.push(event),
      });
      setTimeout(() => controller.abort(reason), 30);
      await expect(summary).rejects.toBe(reason);
    } finally {
      stack.mock.setDefault({});
    }
    expect(progress.at(-1)?.completed).toBe(0);
  });
});

describe('several documents at once', () => {
  it('Promise.all over files on one Summarizer shares its concurrency bound', async () => {
    const paths = await Promise.all(
      ['alpha', 'beta', 'gamma'].map(async (name) => {
        const path = join(directory, `${name}.md`);
        await writeFile(path, longDocument(3, `${name} section`));
        return path;
      }),
    );
    stack.mock.setDefault({ text: JSON.stringify(partialAnswer('any')), latency: { beforeHeadersMs: 20 } });
    const counted = withInFlightCount(stack.llm);
    const summarizer = new Summarizer(counted.llm, { concurrency: 2, contextTokens });
    try {
      const results = await Promise.all(
        paths.map((path) => summarizer.summarize({ path }, { style: 'executive', length: 'brief' })),
      );
      expect(results.map((result) => result.summary)).toEqual(Array(3).fill(partialAnswer('any').summary));
    } finally {
      stack.mock.setDefault({});
    }
    expect(counted.maxInFlight()).toBe(2);
    const prompts = stack.mock.requests.map(promptOf);
    for (const name of ['alpha', 'beta', 'gamma']) {
      for (let index = 1; index <= 3; index++) {
        expect(prompts.some((prompt) => prompt.includes(`## ${name} section ${index}`))).toBe(true);
      }
    }
    // Three parts and one combining call per document.
    expect(prompts).toHaveLength(12);
  });

  it("two Summarizers on one LLM stay within the LLM's own maxConcurrency", async () => {
    const limited = await startMockStack({ maxConcurrency: 1 });
    try {
      limited.mock.setDefault({
        text: JSON.stringify(partialAnswer('any')),
        latency: { beforeHeadersMs: 25 },
      });
      await Promise.all([
        new Summarizer(limited.llm).summarize('The first short document.'),
        new Summarizer(limited.llm).summarize('The second short document.'),
        new Summarizer(limited.llm).summarize('The third short document.'),
      ]);
      const arrivals = limited.mock.requests.map((request) => request.receivedAt);
      expect(arrivals).toHaveLength(3);
      // One at a time: each request arrives only after the previous answer (25 ms after its arrival).
      for (let index = 1; index < arrivals.length; index++) {
        expect((arrivals[index] as number) - (arrivals[index - 1] as number)).toBeGreaterThanOrEqual(20);
      }
    } finally {
      await limited.close();
    }
  });
});
