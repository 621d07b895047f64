import { type ConcurrencyLimiter, createConcurrencyLimiter, gather } from '@core/session';
import type { LLM } from '@core/types';
import { budgetTokens, contextWindowFor, type TokenBudget } from './context-window.js';
import { countWords, countWordsInTurns } from './count-words.js';
import { readDocument } from './documents/read-document.js';
import { groupWithinBudget } from './group-within-budget.js';
import {
  checkTokenCount,
  normalizeSummarizeOptions,
  type SummarizeOptions,
  type SummarizeSettings,
} from './normalize-summarize-options.js';
import { splitDocument } from './split-document.js';
import { createProgressCounter, type ProgressCounter } from './summary-progress.js';
import {
  combineRequest,
  formatPartialSummary,
  type PartialSummary,
  partRequest,
  type SummaryInstructions,
  type SummaryRequest,
  wholeDocumentRequest,
} from './summary-prompts.js';
import { type SummaryAnswer, summarySchema, summarySchemaText } from './summary-schema.js';
import { lengthDefinitions } from './summary-styles.js';

/** What to summarize: the text itself, or a file (`.txt`, `.md`, `.html`, `.pdf`) read with `readDocument`. */
export type SummarySource = string | { path: string };

/** A finished summary. */
export interface SummaryResult {
  summary: string;
  keyPoints: string[];
  /** The model's confidence that the summary is faithful and complete, from 0 to 1. */
  confidence: number;
  /** Words in the text the model was given (counted here, never taken from the model). */
  wordCountOriginal: number;
  /** Words in `summary` (counted here). */
  wordCountSummary: number;
}

/** Options of `new Summarizer(llm, options)`. */
export interface SummarizerOptions {
  /** The most model calls this Summarizer has in flight at once, across all its summaries (default 4). */
  concurrency?: number;
  /** The model's context window in tokens (default: known per model, else 8192). */
  contextTokens?: number;
}

const defaultConcurrency = 4;
// Partial summaries stay between these sizes whatever the final length, so a brief summary of a long
// document still rests on enough detail and a comprehensive one does not need many combining rounds.
const minimumPartWords = 100;
const maximumPartWords = 300;

/**
 * Summarizes text, Markdown, HTML and PDF documents with any LLM: one call when the document fits the
 * model's context, else parts split on its structure, summarized concurrently and combined.
 */
export class Summarizer {
  readonly #llm: LLM;
  readonly #concurrency: number;
  readonly #contextTokens: number | undefined;
  // Shared by every summary this instance runs, so `Promise.all` over many documents stays within it.
  readonly #gate: ConcurrencyLimiter;

  /** Throws a TypeError when `llm` is not an LLM and a RangeError for a bad option. */
  constructor(llm: LLM, options: SummarizerOptions = {}) {
    if (
      typeof llm !== 'object' ||
      llm === null ||
      typeof llm.agenerate !== 'function' ||
      typeof llm.countTokens !== 'function'
    ) {
      throw new TypeError('Summarizer: llm must be an LLM made with createLLM');
    }
    const concurrency = options.concurrency ?? defaultConcurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`Summarizer: concurrency must be an integer >= 1; got ${String(concurrency)}`);
    }
    this.#llm = llm;
    this.#concurrency = concurrency;
    this.#contextTokens = checkTokenCount('Summarizer: contextTokens', options.contextTokens);
    this.#gate = createConcurrencyLimiter(concurrency);
  }

  /**
   * Summarizes `source` (text, or `{ path }` of a file) in the given style and length. Rejects with a
   * TypeError or RangeError for bad options, `DocumentReadError` for a file it cannot read, the pipeline's
   * `ValidationError` when the model never answers in the required shape, the LLM's own errors for a
   * failed call, and the signal's reason on abort.
   */
  async summarize(source: SummarySource, options?: SummarizeOptions): Promise<SummaryResult> {
    const settings = normalizeSummarizeOptions(options);
    const text = await this.#sourceText(source, settings.signal);
    const budget = await this.#budget(settings);
    const instructions: SummaryInstructions = {
      style: settings.style,
      length: settings.length,
      focus: settings.focus,
      partWords: partWords(settings, budget),
    };
    // Aborted when this summary fails, so calls still running for its other parts stop early.
    const controller = new AbortController();
    const signal =
      settings.signal === undefined
        ? controller.signal
        : AbortSignal.any([settings.signal, controller.signal]);
    try {
      // The document's words are counted while its parts are split and summarized: both work in slices
      // of a few milliseconds between event-loop turns (a 10 MB document takes seconds of our CPU time),
      // so a server summarizing one keeps answering, and the count overlaps the model calls.
      const [answer, wordCountOriginal] = await Promise.all([
        this.#answer(text, instructions, budget, signal, settings.onProgress),
        countWordsInTurns(text, signal),
      ]);
      return {
        summary: answer.summary,
        keyPoints: answer.keyPoints,
        confidence: answer.confidence,
        wordCountOriginal,
        wordCountSummary: countWords(answer.summary),
      };
    } catch (error) {
      controller.abort(error);
      throw error;
    }
  }

  async #answer(
    text: string,
    instructions: SummaryInstructions,
    budget: TokenBudget,
    signal: AbortSignal,
    onProgress: SummarizeSettings['onProgress'],
  ): Promise<SummaryAnswer> {
    const parts = await splitDocument(text, {
      maxTokens: budget.inputTokens,
      countTokens: (piece) => this.#llm.countTokens(piece),
      signal,
    });
    const progress = createProgressCounter(onProgress);
    return parts.length === 1
      ? this.#whole(parts[0] ?? text, instructions, budget, progress, signal)
      : this.#split(parts, instructions, budget, progress, signal);
  }

  async #sourceText(source: SummarySource, signal: AbortSignal | undefined): Promise<string> {
    if (typeof source === 'string') {
      const text = source.replace(/\r\n?/g, '\n').trim();
      if (text === '') throw new TypeError('summarize: the text is empty; there is nothing to summarize');
      return text;
    }
    if (typeof source === 'object' && source !== null && typeof source.path === 'string') {
      return (await readDocument(source.path, signal === undefined ? {} : { signal })).text;
    }
    throw new TypeError('summarize: source must be a text or { path } of a file');
  }

  // The window is shared by the instructions (the longest prompt frame this summary may send, plus the
  // answer schema, which costs tokens in the prompt or as a native response format alike), the answer
  // and the text; what is left for text is the most one part may carry.
  async #budget(settings: SummarizeSettings): Promise<TokenBudget> {
    const length = lengthDefinitions[settings.length];
    const sample: SummaryInstructions = {
      style: settings.style,
      length: settings.length,
      focus: settings.focus,
      partWords: maximumPartWords,
    };
    const frames: SummaryRequest[] = [
      wholeDocumentRequest('', sample),
      partRequest('', 9999, 9999, sample),
      combineRequest([], { first: 9999, last: 9999 }, 9999, true, sample),
      combineRequest([], { first: 9999, last: 9999 }, 9999, false, sample),
    ];
    const frameTokens = await Promise.all(
      frames.map(async (frame) => {
        const [system, prompt] = await Promise.all([
          this.#llm.countTokens(frame.systemPrompt),
          this.#llm.countTokens(frame.prompt),
        ]);
        return system + prompt;
      }),
    );
    const instructionTokens = Math.max(...frameTokens) + (await this.#llm.countTokens(summarySchemaText()));
    // Read after counting: the first count loads the provider, which knows its default model.
    const contextTokens = settings.contextTokens ?? this.#contextTokens ?? contextWindowFor(this.#llm.model);
    return budgetTokens(contextTokens, instructionTokens, settings.maxTokens ?? length.answerTokens);
  }

  async #whole(
    text: string,
    instructions: SummaryInstructions,
    budget: TokenBudget,
    progress: ProgressCounter,
    signal: AbortSignal,
  ): Promise<SummaryAnswer> {
    progress.expect(1);
    const answer = await this.#ask(wholeDocumentRequest(text, instructions), budget.answerTokens, signal);
    progress.done();
    return answer;
  }

  async #split(
    parts: readonly string[],
    instructions: SummaryInstructions,
    budget: TokenBudget,
    progress: ProgressCounter,
    signal: AbortSignal,
  ): Promise<SummaryAnswer> {
    const total = parts.length;
    progress.expect(total + 1); // every part, then the call that combines them
    let partials = await gather(
      parts.map((part, index) => async (): Promise<PartialSummary> => {
        const request = partRequest(part, index + 1, total, instructions);
        const answer = await this.#ask(request, budget.answerTokens, signal);
        progress.done();
        return { answer, first: index + 1, last: index + 1 };
      }),
      { concurrency: this.#concurrency, signal },
    );
    // Partial summaries that together exceed the window are combined in rounds of runs that fit,
    // until one request can hold them all; none is ever left out.
    for (;;) {
      const formatted = partials.map(formatPartialSummary);
      const tokenCounts = await Promise.all(formatted.map((summary) => this.#llm.countTokens(summary)));
      const groups = groupWithinBudget(tokenCounts, budget.inputTokens);
      if (groups.length === 1) {
        const request = combineRequest(formatted, { first: 1, last: total }, total, true, instructions);
        const answer = await this.#ask(request, budget.answerTokens, signal);
        progress.done();
        return answer;
      }
      const current = partials;
      progress.expect(groups.filter((group) => group.length > 1).length);
      partials = await gather(
        groups.map((group) => async (): Promise<PartialSummary> => {
          const members = group.map((index) => current[index] as PartialSummary);
          const first = members[0] as PartialSummary;
          const last = members[members.length - 1] as PartialSummary;
          // A run of one (the leftover at the end) goes to the next round as it is.
          if (members.length === 1) return first;
          const request = combineRequest(
            group.map((index) => formatted[index] as string),
            { first: first.first, last: last.last },
            total,
            false,
            instructions,
          );
          const answer = await this.#ask(request, budget.answerTokens, signal);
          progress.done();
          return { answer, first: first.first, last: last.last };
        }),
        { concurrency: this.#concurrency, signal },
      );
    }
  }

  // Structured output goes through the pipeline's responseModel: an invalid answer is re-prompted there
  // and reported as its ValidationError, never parsed or patched up here.
  async #ask(request: SummaryRequest, maxTokens: number, signal: AbortSignal): Promise<SummaryAnswer> {
    const release = await this.#gate.acquire(signal);
    try {
      return await this.#llm.agenerate(request.prompt, {
        systemPrompt: request.systemPrompt,
        responseModel: summarySchema(),
        maxTokens,
        signal,
      });
    } finally {
      release();
    }
  }
}

function partWords(settings: SummarizeSettings, budget: TokenBudget): number {
  const wanted = Math.min(
    maximumPartWords,
    Math.max(minimumPartWords, lengthDefinitions[settings.length].targetWords),
  );
  // Words run about 1.3 tokens, and the key points share the answer; half the answer budget in words leaves room.
  return Math.max(20, Math.min(wanted, Math.floor(budget.answerTokens / 2)));
}
