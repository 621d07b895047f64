import type { SummaryAnswer } from './summary-schema.js';
import {
  lengthDefinitions,
  type SummaryLength,
  type SummaryStyle,
  styleDefinitions,
} from './summary-styles.js';

/** What the caller asked for, as every prompt of one summary needs it. */
export interface SummaryInstructions {
  style: SummaryStyle;
  length: SummaryLength;
  focus: string | undefined;
  /** About how many words a partial summary (of one part, or of a run of parts) should have. */
  partWords: number;
}

/** One model call: its system prompt and its user message. */
export interface SummaryRequest {
  systemPrompt: string;
  prompt: string;
}

/** A summary of the parts `first` to `last` (1-based, inclusive) of a split document. */
export interface PartialSummary {
  answer: SummaryAnswer;
  first: number;
  last: number;
}

const faithfulness =
  'Use only what the text says: never invent facts, names or figures, and keep the numbers as written.';
const answerShape =
  'Answer with JSON: "summary" (the summary text), "keyPoints" (the key points, one sentence each) and "confidence" (from 0 to 1, how sure you are that the summary is faithful and complete).';

function focusLine(focus: string | undefined): string[] {
  return focus === undefined
    ? []
    : [`Focus: pay particular attention to ${focus}; mention other content only as far as it bears on that.`];
}

// The style and length lines are what a reader sees change between options; they go in the system
// prompt of every call whose answer is the one the caller gets.
function finalSystemPrompt(instructions: SummaryInstructions, extra: string[]): string {
  return [
    `You write ${instructions.style} summaries of documents. ${faithfulness}`,
    ...extra,
    `Style (${instructions.style}): ${styleDefinitions[instructions.style].instruction}`,
    `Length (${instructions.length}): ${lengthDefinitions[instructions.length].instruction}`,
    ...focusLine(instructions.focus),
    answerShape,
  ].join('\n');
}

// Partial summaries are raw material for the final one: complete and neutral rather than styled, so
// the final call can apply the style to the whole document at once.
function partialSystemPrompt(instructions: SummaryInstructions, task: string): string {
  return [
    `${task} It will be combined with the summaries of the rest of the document into one ${instructions.style} summary of the whole, so keep every fact, figure, name, decision and conclusion that summary may need. ${faithfulness}`,
    ...focusLine(instructions.focus),
    `Write about ${instructions.partWords} words, neutrally, and list the key points of this text.`,
    answerShape,
  ].join('\n');
}

function partsLabel(first: number, last: number): string {
  return first === last ? `part="${first}"` : `parts="${first}-${last}"`;
}

/** The request that summarizes a document that fits in one call. */
export function wholeDocumentRequest(text: string, instructions: SummaryInstructions): SummaryRequest {
  return {
    systemPrompt: finalSystemPrompt(instructions, []),
    prompt: `Summarize this document.\n\n<document>\n${text}\n</document>`,
  };
}

/** The request that summarizes part `index` (1-based) of `total` parts of a split document. */
export function partRequest(
  text: string,
  index: number,
  total: number,
  instructions: SummaryInstructions,
): SummaryRequest {
  return {
    systemPrompt: partialSystemPrompt(
      instructions,
      `You summarize one part of a longer document (part ${index} of ${total}).`,
    ),
    prompt: `Summarize part ${index} of ${total} of the document.\n\n<document-part number="${index}" of="${total}">\n${text}\n</document-part>`,
  };
}

/** A partial summary as it is shown to the model in a combining request. */
export function formatPartialSummary(partial: PartialSummary): string {
  const keyPoints = partial.answer.keyPoints.map((point) => `- ${point}`).join('\n');
  return `<part-summary ${partsLabel(partial.first, partial.last)}>\n${partial.answer.summary}\nKey points:\n${keyPoints}\n</part-summary>`;
}

/**
 * The request that combines consecutive partial summaries (already formatted) of a document of `total`
 * parts: into the caller's summary of the whole when `final`, else into one partial summary of their run.
 */
export function combineRequest(
  formattedSummaries: readonly string[],
  range: { first: number; last: number },
  total: number,
  final: boolean,
  instructions: SummaryInstructions,
): SummaryRequest {
  const summaries = formattedSummaries.join('\n\n');
  if (final) {
    return {
      systemPrompt: finalSystemPrompt(instructions, [
        'You are given summaries of the consecutive parts of one document, in order. Write one summary of the whole document from them, covering every part.',
      ]),
      prompt: `Combine these summaries of the ${total} parts of the document, in order, into one summary of the whole document.\n\n${summaries}`,
    };
  }
  return {
    systemPrompt: partialSystemPrompt(
      instructions,
      `You combine the summaries of consecutive parts of a longer document (parts ${range.first} to ${range.last} of ${total}) into one summary of that stretch.`,
    ),
    prompt: `Combine these summaries of parts ${range.first} to ${range.last} of ${total} of the document, in order, into one summary of that stretch.\n\n${summaries}`,
  };
}
