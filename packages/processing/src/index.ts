export type { TokenBudget } from './context-window.js';
export { budgetTokens, contextWindowFor, defaultContextTokens } from './context-window.js';
export { countWords } from './count-words.js';
export type { DocumentReadErrorCode, DocumentReadErrorOptions } from './documents/document-read-error.js';
export { DocumentReadError } from './documents/document-read-error.js';
export type { DocumentFormat, DocumentText } from './documents/read-document.js';
export { readDocument, supportedDocumentExtensions } from './documents/read-document.js';
export type { SummarizeOptions } from './normalize-summarize-options.js';
export type { SplitDocumentOptions } from './split-document.js';
export { splitDocument } from './split-document.js';
export type { SummarizerOptions, SummaryResult, SummarySource } from './summarizer.js';
export { Summarizer } from './summarizer.js';
export type { SummaryProgress } from './summary-progress.js';
export type { SummaryAnswer } from './summary-schema.js';
export { summarySchema } from './summary-schema.js';
export type { LengthDefinition, StyleDefinition, SummaryLength, SummaryStyle } from './summary-styles.js';
export {
  lengthDefinitions,
  styleDefinitions,
  summaryLengths,
  summaryStyles,
} from './summary-styles.js';
