import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DocumentReadError, readDocument, Summarizer, supportedDocumentExtensions } from '../src/index.js';
import { answerReply, type MockStack, promptOf, requestText, startMockStack } from './support/mock-stack.js';

const answer = { summary: 'A short summary.', keyPoints: ['One point'], confidence: 0.7 };

let stack: MockStack;
let directory: string;

async function writePdf(path: string, lines: string[]): Promise<void> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([600, 400]);
  lines.forEach((line, index) => {
    page.drawText(line, { x: 40, y: 340 - index * 24, size: 14, font });
  });
  await writeFile(path, await pdf.save());
}

beforeAll(async () => {
  stack = await startMockStack();
  directory = await mkdtemp(join(tmpdir(), 'processing-documents-'));
});
afterAll(async () => {
  await stack.close();
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => {
  stack.mock.reset();
});

describe('each file type gives its text to the model', () => {
  it('plain text', async () => {
    const path = join(directory, 'notes.txt');
    await writeFile(path, 'The lighthouse keeper logged forty ships in March.\r\nNone ran aground.\n');
    stack.mock.enqueue(answerReply(answer));
    const result = await new Summarizer(stack.llm).summarize({ path });
    expect(promptOf(stack.mock.requests[0] ?? { body: {} })).toContain(
      'The lighthouse keeper logged forty ships in March.\nNone ran aground.',
    );
    expect(result.wordCountOriginal).toBe(11);
  });

  it('Markdown, structure kept', async () => {
    const path = join(directory, 'guide.md');
    await writeFile(path, '# Orchard guide\n\nPrune the apple trees in late winter.\n\n- Keep tools sharp\n');
    stack.mock.enqueue(answerReply(answer));
    await new Summarizer(stack.llm).summarize({ path });
    const prompt = promptOf(stack.mock.requests[0] ?? { body: {} });
    expect(prompt).toContain('# Orchard guide');
    expect(prompt).toContain('Prune the apple trees in late winter.');
    expect(prompt).toContain('- Keep tools sharp');
  });

  it('HTML: the visible text only, never script or style content', async () => {
    const path = join(directory, 'page.html');
    await writeFile(
      path,
      `<!doctype html><html><head><title>Page</title>
        <style>.secret-style-rule { color: hotpink; }</style>
        <script>window.secretScriptToken = "SCRIPT-SHOULD-NOT-LEAK";</script></head>
        <body><h1>Glacier report</h1><p>The glacier retreated <b>twelve metres</b> this year.</p>
        <script type="module">console.log("MODULE-SCRIPT-SHOULD-NOT-LEAK")</script>
        <p>Read <a href="https://example.com/tracking?id=1">the full data</a>.</p></body></html>`,
    );
    stack.mock.enqueue(answerReply(answer));
    await new Summarizer(stack.llm).summarize({ path });
    const request = stack.mock.requests[0] ?? { body: {} };
    const prompt = promptOf(request);
    expect(prompt).toContain('# Glacier report');
    expect(prompt).toContain('The glacier retreated twelve metres this year.');
    expect(prompt).toContain('the full data');
    const everything = requestText(request);
    for (const leaked of [
      'SCRIPT-SHOULD-NOT-LEAK',
      'MODULE-SCRIPT-SHOULD-NOT-LEAK',
      'hotpink',
      'secret',
      'tracking',
    ]) {
      expect(everything).not.toContain(leaked);
    }
  });

  it('PDF (made with pdf-lib), through unpdf', async () => {
    const path = join(directory, 'report.pdf');
    await writePdf(path, ['Quarterly revenue rose by nine percent.', 'Costs fell in every region.']);
    stack.mock.enqueue(answerReply(answer));
    await new Summarizer(stack.llm).summarize({ path });
    const prompt = promptOf(stack.mock.requests[0] ?? { body: {} });
    expect(prompt).toContain('Quarterly revenue rose by nine percent.');
    expect(prompt).toContain('Costs fell in every region.');
  });

  it('readDocument says which format it read', async () => {
    const path = join(directory, 'report-two.PDF');
    await writePdf(path, ['Second report text.']);
    await expect(readDocument(path)).resolves.toEqual({ path, format: 'pdf', text: 'Second report text.' });
    expect(supportedDocumentExtensions).toEqual(
      expect.arrayContaining(['.txt', '.md', '.markdown', '.html', '.htm', '.pdf']),
    );
  });
});

describe('a file that cannot be read is a clear error naming it, and nothing is sent', () => {
  async function expectReadError(path: string, code: string, message: RegExp): Promise<void> {
    const summarizer = new Summarizer(stack.llm);
    const error = await summarizer.summarize({ path }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(DocumentReadError.isInstance(error)).toBe(true);
    const readError = error as DocumentReadError;
    expect(readError.path).toBe(path);
    expect(readError.code).toBe(code);
    expect(readError.message).toContain(path);
    expect(readError.message).toMatch(message);
    expect(stack.mock.requests).toHaveLength(0);
  }

  it('an unsupported extension', async () => {
    const path = join(directory, 'slides.pptx');
    await writeFile(path, 'anything');
    await expectReadError(path, 'unsupported-type', /\.pptx files are not supported \(supported: \.txt/);
  });

  it('a corrupt PDF', async () => {
    const path = join(directory, 'broken.pdf');
    await writeFile(path, 'this is not a PDF at all, just text with a .pdf name');
    await expectReadError(path, 'unreadable', /not a readable PDF/);
  });

  it('a truncated PDF', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('cut short');
    const bytes = await pdf.save();
    const path = join(directory, 'truncated.pdf');
    await writeFile(path, bytes.slice(0, Math.floor(bytes.length / 3)));
    await expectReadError(path, 'unreadable', /not a readable PDF/);
  });

  it('a missing file', async () => {
    await expectReadError(join(directory, 'missing.md'), 'unreadable', /ENOENT/);
  });

  it('a directory', async () => {
    const path = join(directory, 'folder.txt');
    await mkdir(path);
    await expectReadError(path, 'unreadable', /EISDIR/);
  });

  it('binary bytes in a text file', async () => {
    const path = join(directory, 'binary.txt');
    await writeFile(path, Uint8Array.from([0xff, 0xfe, 0x00, 0x81, 0xc3, 0x28]));
    await expectReadError(path, 'unreadable', /not UTF-8 text/);
  });

  it('a PDF without a text layer', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const path = join(directory, 'scanned.pdf');
    await writeFile(path, await pdf.save());
    await expectReadError(path, 'no-text', /no text to read/);
  });
});
