import type { ReplyFinishReason, TextReply } from '../reply.js';
import type { RequestFacts } from '../request/inspect-request-body.js';
import { countWords, splitWords } from '../request/split-words.js';

/** A tool call with its arguments serialised once and cut into stream pieces. */
export interface ResolvedToolCall {
  /** The reply's id, or `undefined` for the renderer to make a wire-shaped one. */
  id: string | undefined;
  name: string;
  arguments: Record<string, unknown>;
  argumentsJson: string;
  /** `argumentsJson` in up to three pieces, so clients must join fragments as they do with real streams. */
  argumentPieces: string[];
}

/** A text reply with every default applied, ready for any wire's renderer. */
export interface ResolvedTextReply {
  text: string;
  chunks: readonly string[];
  /** `JSON.stringify` of each chunk, so renderers splice strings instead of serialising objects. */
  chunkJson: readonly string[];
  reasoning: string;
  reasoningChunks: readonly string[];
  reasoningSignature: string | undefined;
  reasoningField: 'reasoning_content' | 'reasoning';
  toolCalls: ResolvedToolCall[];
  finishReason: ReplyFinishReason;
  stopSequence: string | undefined;
  usage: { input: number; output: number; cached: number | undefined; reasoning: number | undefined };
  model: string;
  headers: Record<string, string> | undefined;
}

interface PreparedChunks {
  text: string;
  chunkJson: string[];
  words: number;
}

// A benchmark reply has fixed chunks and is rendered thousands of times a second: serialise them once.
const preparedChunks = new WeakMap<readonly string[], PreparedChunks>();

function prepareChunks(chunks: readonly string[]): PreparedChunks {
  const text = chunks.join('');
  return { text, chunkJson: chunks.map((chunk) => JSON.stringify(chunk)), words: countWords(text) };
}

function preparedFor(chunks: readonly string[], memoize: boolean): PreparedChunks {
  if (!memoize) return prepareChunks(chunks);
  let prepared = preparedChunks.get(chunks);
  if (prepared === undefined) {
    prepared = prepareChunks(chunks);
    preparedChunks.set(chunks, prepared);
  }
  return prepared;
}

/** Cuts a string into up to `count` pieces without splitting a surrogate pair. */
export function cutIntoPieces(text: string, count: number): string[] {
  if (text.length <= 1 || count <= 1) return [text];
  const pieces: string[] = [];
  const size = Math.ceil(text.length / count);
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const code = text.charCodeAt(end);
    if (end < text.length && code >= 0xdc00 && code <= 0xdfff) end++;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/** Applies the defaults: echo text, word chunks, usage from word counts, finish reason from tool calls. */
export function resolveTextReply(
  reply: TextReply,
  facts: RequestFacts,
  fallbackModel: string,
): ResolvedTextReply {
  let text: string;
  let chunks: readonly string[];
  let chunkJson: readonly string[];
  let textWords: number;
  if (reply.chunks !== undefined) {
    const prepared = preparedFor(reply.chunks, true);
    chunks = reply.chunks;
    chunkJson = prepared.chunkJson;
    text = reply.text ?? prepared.text;
    textWords = reply.text === undefined ? prepared.words : countWords(text);
  } else {
    const hasToolCalls = reply.toolCalls !== undefined && reply.toolCalls.length > 0;
    text = reply.text ?? (hasToolCalls ? '' : `Echo: ${facts.lastUserText}`);
    chunks = splitWords(text);
    const prepared = preparedFor(chunks, false);
    chunkJson = prepared.chunkJson;
    textWords = prepared.words;
  }
  const reasoning = reply.reasoning ?? '';
  const toolCalls: ResolvedToolCall[] = (reply.toolCalls ?? []).map((call) => {
    const argumentsJson = JSON.stringify(call.arguments ?? {});
    return {
      id: call.id,
      name: call.name,
      arguments: call.arguments ?? {},
      argumentsJson,
      argumentPieces: cutIntoPieces(argumentsJson, 3),
    };
  });
  const usage = reply.usage ?? {};
  return {
    text,
    chunks,
    chunkJson,
    reasoning,
    reasoningChunks: reasoning === '' ? [] : splitWords(reasoning),
    reasoningSignature: reply.reasoningSignature,
    reasoningField: reply.reasoningField ?? 'reasoning_content',
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    stopSequence: reply.stopSequence,
    usage: {
      input: usage.input ?? facts.promptWords,
      output: usage.output ?? textWords + countWords(reasoning) + toolCalls.length,
      cached: usage.cached,
      reasoning: usage.reasoning,
    },
    model: reply.model ?? facts.model ?? fallbackModel,
    headers: reply.headers,
  };
}
