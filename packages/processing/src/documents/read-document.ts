import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { decodeUtf8Text } from './decode-utf8-text.js';
import { DocumentReadError } from './document-read-error.js';
import { extractHtmlText } from './extract-html-text.js';
import { extractPdfText } from './extract-pdf-text.js';

/** The kinds of file `readDocument` reads. */
export type DocumentFormat = 'text' | 'markdown' | 'html' | 'pdf';

/** A file read into text. */
export interface DocumentText {
  path: string;
  format: DocumentFormat;
  /** The text a model is given: Markdown as written, HTML's visible text, a PDF's text layer. */
  text: string;
}

const formatsByExtension: Readonly<Record<string, DocumentFormat>> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
};

/** The file extensions `readDocument` accepts (a file without an extension is read as plain text). */
export const supportedDocumentExtensions: readonly string[] = Object.freeze(Object.keys(formatsByExtension));

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The format of a path by its extension; a file with none (README, LICENSE) is plain text. */
function formatOf(path: string): DocumentFormat | undefined {
  const extension = extname(path).toLowerCase();
  return extension === '' ? 'text' : formatsByExtension[extension];
}

async function toText(path: string, format: DocumentFormat, bytes: Uint8Array): Promise<string> {
  switch (format) {
    case 'text':
    case 'markdown':
      try {
        return decodeUtf8Text(bytes, true);
      } catch (error) {
        throw new DocumentReadError({
          path,
          code: 'unreadable',
          message: `Cannot read ${path}: it is not UTF-8 text`,
          cause: error,
        });
      }
    case 'html':
      // Pages in legacy encodings keep their readable ASCII; a stray byte must not fail a whole page.
      return extractHtmlText(decodeUtf8Text(bytes, false));
    case 'pdf':
      try {
        return await extractPdfText(bytes);
      } catch (error) {
        throw new DocumentReadError({
          path,
          code: 'unreadable',
          message: `Cannot read ${path}: it is not a readable PDF (${describeError(error)})`,
          cause: error,
        });
      }
  }
}

/**
 * Reads a plain text, Markdown, HTML or PDF file into text, choosing the reader by extension. Rejects with
 * a `DocumentReadError` naming the file when its type is not supported, it cannot be read or decoded
 * (missing, a directory, not UTF-8, a corrupt PDF), or it has no text; an abort rejects with the signal's reason.
 */
export async function readDocument(
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<DocumentText> {
  if (typeof path !== 'string' || path === '') throw new TypeError('readDocument: path must be a file path');
  const format = formatOf(path);
  if (format === undefined) {
    throw new DocumentReadError({
      path,
      code: 'unsupported-type',
      message: `Cannot read ${path}: ${extname(path)} files are not supported (supported: ${supportedDocumentExtensions.join(', ')})`,
    });
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path, options.signal === undefined ? {} : { signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new DocumentReadError({
      path,
      code: 'unreadable',
      message: `Cannot read ${path}: ${describeError(error)}`,
      cause: error,
    });
  }
  const text = (await toText(path, format, bytes)).trim();
  if (text === '') {
    throw new DocumentReadError({
      path,
      code: 'no-text',
      message:
        format === 'pdf'
          ? `${path} has no text to read (a scanned PDF holds images of pages, not text)`
          : `${path} has no text to read`,
    });
  }
  return { path, format, text };
}
