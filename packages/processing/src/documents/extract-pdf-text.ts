/**
 * The text of every page of a PDF, pages separated by a blank line, by unpdf (Mozilla's PDF.js built for
 * servers). Rejects with PDF.js's own error for a file that is not a readable PDF.
 */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  // Loaded on first use: PDF.js is a large module that installs polyfills when imported.
  const { extractText, getDocumentProxy } = await import('unpdf');
  // PDF.js may transfer (detach) the buffer it is given, so it gets its own copy; verbosity 0 keeps its
  // warnings about damaged files off the console (library code never prints).
  const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const { text } = await extractText(document, { mergePages: false });
    return text.join('\n\n');
  } finally {
    await document.destroy();
  }
}
