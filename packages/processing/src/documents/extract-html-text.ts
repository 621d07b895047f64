import type { FormatCallback, HtmlToTextOptions } from 'html-to-text';

// Headings become Markdown headings (`## Title`), so splitting a long page finds its sections the
// same way it does in a Markdown file.
const markdownHeading: FormatCallback = (element, walk, builder, formatOptions) => {
  const level = typeof formatOptions.level === 'number' ? formatOptions.level : 1;
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(`${'#'.repeat(level)} `);
  walk(element.children, builder);
  builder.closeBlock({ trailingLineBreaks: 2 });
};

const headingLevels = [1, 2, 3, 4, 5, 6] as const;

function conversionOptions(): HtmlToTextOptions {
  return {
    // Lines are left unwrapped: wrapping would put line breaks in the middle of sentences.
    wordwrap: false,
    formatters: { markdownHeading },
    selectors: [
      ...headingLevels.map((level) => ({
        selector: `h${level}`,
        format: 'markdownHeading',
        options: { level },
      })),
      // Code and styling a browser never shows as text: it must not reach the model as if it were content.
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'noscript', format: 'skip' },
      { selector: 'template', format: 'skip' },
      { selector: 'svg', format: 'skip' },
      { selector: 'head', format: 'skip' },
      // Link targets and image sources are URLs, not content.
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  };
}

/** The readable text of an HTML page (headings as Markdown headings; scripts, styles and URLs dropped), by html-to-text. */
export async function extractHtmlText(html: string): Promise<string> {
  // Loaded on first use: a summary of plain text never pays for the HTML parser.
  const { convert } = await import('html-to-text');
  return convert(html, conversionOptions());
}
