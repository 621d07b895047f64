/** The summary styles `summarize` accepts, in the order a CLI should list them. */
export const summaryStyles = [
  'structured',
  'narrative',
  'objective',
  'analytical',
  'executive',
  'conversational',
] as const;

/** One of `summaryStyles`. */
export type SummaryStyle = (typeof summaryStyles)[number];

/** The summary lengths `summarize` accepts, shortest first. */
export const summaryLengths = ['brief', 'standard', 'detailed', 'comprehensive'] as const;

/** One of `summaryLengths`. */
export type SummaryLength = (typeof summaryLengths)[number];

/** What a style asks of the model: a one-line description for help text and the instruction sent. */
export interface StyleDefinition {
  description: string;
  instruction: string;
}

/** What a length asks of the model, and how many tokens its answer may take. */
export interface LengthDefinition {
  description: string;
  instruction: string;
  /** About how many words the summary text should have; partial summaries are sized from it. */
  targetWords: number;
  /** Tokens reserved for the JSON answer (summary, key points, confidence) unless `maxTokens` is given. */
  answerTokens: number;
}

// The instructions are the visible difference between styles: each names a shape a reader can check
// (headings, prose, neutral voice, critique, bottom line first, plain talk), not just an adjective.
/** The instruction each style adds to the prompt. */
export const styleDefinitions: Readonly<Record<SummaryStyle, StyleDefinition>> = {
  structured: {
    description: 'sections with headings and bullet lists',
    instruction:
      'Organize the summary into short labelled sections (for example Overview, Main points, Conclusions) with bullet lists where they help.',
  },
  narrative: {
    description: 'flowing prose that follows the document',
    instruction:
      "Write flowing prose paragraphs that follow the document's line of thought in order, with transitions and without headings or bullet lists.",
  },
  objective: {
    description: 'neutral, only what the document states',
    instruction:
      'Report only what the document states, neutrally and in the third person; add no opinion, evaluation or inference of your own.',
  },
  analytical: {
    description: 'arguments, evidence, strengths and weaknesses',
    instruction:
      'Analyze rather than restate: examine the arguments, the evidence behind them, the assumptions, the strengths and weaknesses, and what follows from them.',
  },
  executive: {
    description: 'bottom line first, for decision-makers',
    instruction:
      'Write for a busy decision-maker: lead with the bottom line, then the decisions, risks, costs and recommended actions; leave out background detail.',
  },
  conversational: {
    description: 'plain words, as if explaining to a colleague',
    instruction:
      'Explain it as you would to a colleague over coffee: plain everyday words, short sentences, "you" where natural, and no jargon.',
  },
};

/** The instruction and answer budget of each length. */
export const lengthDefinitions: Readonly<Record<SummaryLength, LengthDefinition>> = {
  brief: {
    description: '2-3 sentences, up to 3 key points',
    instruction: 'Keep it brief: 2 to 3 sentences (at most about 60 words) and at most 3 key points.',
    targetWords: 60,
    answerTokens: 512,
  },
  standard: {
    description: 'about 150 words, 3-5 key points',
    instruction:
      'Write a standard-length summary: one or two paragraphs, about 150 words, and 3 to 5 key points.',
    targetWords: 150,
    answerTokens: 1024,
  },
  detailed: {
    description: 'about 350 words, 5-8 key points',
    instruction:
      'Write a detailed summary: several paragraphs, about 350 words, covering each main section, and 5 to 8 key points.',
    targetWords: 350,
    answerTokens: 2048,
  },
  comprehensive: {
    description: 'about 700 words covering every section, 8-12 key points',
    instruction:
      'Write a comprehensive summary: about 700 words that cover every section and its supporting details, and 8 to 12 key points.',
    targetWords: 700,
    answerTokens: 4096,
  },
};
