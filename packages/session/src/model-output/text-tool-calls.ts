import type { ToolCall, ToolSpec } from '@core/types';
import { findBalancedEnd } from './extract-json.js';

/**
 * Tool calls written as text. Servers without a tool parser (LM Studio and vLLM as often configured,
 * llama.cpp, small local models) and providers without native tools (prompted tools) answer a tools
 * request with the call in the content:
 *   Qwen / Hermes   <tool_call>{"name": …, "arguments": {…}}</tool_call>   (one block per call)
 *   Llama 3.1+      <|python_tag|>{"name": …, "parameters": {…}}           (several separated by `;`)
 *   Mistral         [TOOL_CALLS][{"name": …, "arguments": {…}}]  or  [TOOL_CALLS]name[ARGS]{…}
 *   bare JSON       {"name": …, "arguments": {…}}, an array of those, or our prompted {"tool_calls": […]},
 *                   fenced in ``` or not
 * A call starts at one of those tags, or at a JSON object whose first key is `name` or `tool_calls`: prose
 * that merely contains braces starts none. The same start rule serves a whole answer (`parseTextToolCalls`)
 * and a stream (`createToolCallHoldback`), so a stream never shows text a whole answer would have parsed.
 */

const tags = ['<tool_call>', '<|python_tag|>', '[TOOL_CALLS]'] as const;
const callKeys = ['name', 'tool_calls'];
const fence = '```';

type Verdict = 'yes' | 'no' | 'maybe';

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipSpace(text: string, index: number): number {
  let at = index;
  while (at < text.length && isSpace(text.charCodeAt(at))) at += 1;
  return at;
}

// `{"name"` or `[{"tool_calls"` at `index` (whitespace allowed between): the start of a JSON call.
function jsonCallAt(text: string, index: number): Verdict {
  let at = index;
  if (text[at] === '[') {
    at = skipSpace(text, at + 1);
    if (at === text.length) return 'maybe';
  }
  if (text[at] !== '{') return 'no';
  at = skipSpace(text, at + 1);
  if (at === text.length) return 'maybe';
  if (text[at] !== '"') return 'no';
  const keyEnd = text.indexOf('"', at + 1);
  const key = text.slice(at + 1, keyEnd === -1 ? undefined : keyEnd);
  if (keyEnd === -1) return callKeys.some((name) => name.startsWith(key)) ? 'maybe' : 'no';
  return callKeys.includes(key) ? 'yes' : 'no';
}

// Whether a tool call starts at `index`; `maybe` when the text ends before that can be told.
function callAt(text: string, index: number): Verdict {
  const first = text[index];
  if (first === '<' || first === '[') {
    for (const tag of tags) {
      if (text.startsWith(tag, index)) return 'yes';
      const rest = text.slice(index, index + tag.length);
      if (rest.length < tag.length && tag.startsWith(rest)) return 'maybe';
    }
    return first === '[' ? jsonCallAt(text, index) : 'no';
  }
  if (first === '{') return jsonCallAt(text, index);
  if (first === '`') {
    const rest = text.slice(index, index + fence.length);
    if (rest.length < fence.length) return fence.startsWith(rest) ? 'maybe' : 'no';
    if (rest !== fence) return 'no';
    let at = index + fence.length;
    while (at < text.length && /[a-zA-Z]/.test(text[at] as string)) at += 1;
    at = skipSpace(text, at);
    if (at === text.length) return 'maybe';
    return jsonCallAt(text, at);
  }
  return 'no';
}

/**
 * Where the first tool call in `text` starts, at or after `from`: `certain` once it is known, or not when
 * the text ends inside what may still become one (never when `ended`). `undefined` when there is none.
 */
export function findToolCallStart(
  text: string,
  from: number,
  ended: boolean,
): { index: number; certain: boolean } | undefined {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // '<', '[', '{', '`': the only characters a call can start with.
    if (code !== 0x3c && code !== 0x5b && code !== 0x7b && code !== 0x60) continue;
    const verdict = callAt(text, index);
    if (verdict === 'yes') return { index, certain: true };
    if (verdict === 'maybe' && !ended) return { index, certain: false };
  }
  return undefined;
}

interface ParsedCall {
  name: string;
  arguments: Record<string, unknown>;
}

function readCall(value: unknown): ParsedCall | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as { name?: unknown; arguments?: unknown; parameters?: unknown };
  if (typeof record.name !== 'string' || record.name === '') return undefined;
  let args = record.arguments ?? record.parameters ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      return undefined;
    }
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return undefined;
  return { name: record.name, arguments: args as Record<string, unknown> };
}

// One JSON value as its calls: `{"tool_calls": […]}`, an array of calls, or one call.
function callsOfValue(value: unknown): Array<ParsedCall | undefined> {
  const list = (value as { tool_calls?: unknown } | null)?.tool_calls;
  if (Array.isArray(list)) return list.map(readCall);
  if (Array.isArray(value)) return value.map(readCall);
  return [readCall(value)];
}

// The JSON value at `index` (after whitespace) and where it ends, or undefined.
function jsonValueAt(text: string, index: number): { value: unknown; end: number } | undefined {
  const start = skipSpace(text, index);
  if (text[start] !== '{' && text[start] !== '[') return undefined;
  const end = findBalancedEnd(text, start);
  if (end === -1) return undefined;
  try {
    return { value: JSON.parse(text.slice(start, end)), end };
  } catch {
    return undefined;
  }
}

/** The calls written from `start` on, and the text around them; `undefined` when they do not parse. */
function parseRegion(text: string, start: number): { calls: ParsedCall[]; rest: string } | undefined {
  const calls: Array<ParsedCall | undefined> = [];
  let at = start;
  for (;;) {
    at = skipSpace(text, at);
    if (at === text.length) break;
    if (text.startsWith('<tool_call>', at)) {
      const bodyStart = at + '<tool_call>'.length;
      const close = text.indexOf('</tool_call>', bodyStart);
      const parsed = jsonValueAt(text.slice(0, close === -1 ? text.length : close), bodyStart);
      if (parsed === undefined) return undefined;
      calls.push(...callsOfValue(parsed.value));
      at = close === -1 ? text.length : close + '</tool_call>'.length;
    } else if (text.startsWith('<|python_tag|>', at)) {
      at += '<|python_tag|>'.length;
      // Llama separates several calls with `;`, and may end the message with its end-of-message token.
      for (let parsed = jsonValueAt(text, at); parsed !== undefined; parsed = jsonValueAt(text, at)) {
        calls.push(...callsOfValue(parsed.value));
        at = skipSpace(text, parsed.end);
        if (text[at] === ';') at += 1;
      }
      if (text.startsWith('<|eom_id|>', skipSpace(text, at))) at = skipSpace(text, at) + '<|eom_id|>'.length;
    } else if (text.startsWith('[TOOL_CALLS]', at)) {
      at += '[TOOL_CALLS]'.length;
      const parsed = jsonValueAt(text, at);
      if (parsed !== undefined) {
        calls.push(...callsOfValue(parsed.value));
        at = parsed.end;
      } else {
        // Mistral's newer template: [TOOL_CALLS]name[ARGS]{…}
        const argsTag = text.indexOf('[ARGS]', at);
        if (argsTag === -1) return undefined;
        const args = jsonValueAt(text, argsTag + '[ARGS]'.length);
        if (args === undefined) return undefined;
        calls.push(readCall({ name: text.slice(at, argsTag).trim(), arguments: args.value }));
        at = args.end;
      }
    } else if (text.startsWith(fence, at) && callAt(text, at) === 'yes') {
      let bodyStart = at + fence.length;
      while (bodyStart < text.length && /[a-zA-Z]/.test(text[bodyStart] as string)) bodyStart += 1;
      const parsed = jsonValueAt(text, bodyStart);
      if (parsed === undefined) return undefined;
      calls.push(...callsOfValue(parsed.value));
      at = skipSpace(text, parsed.end);
      if (text.startsWith(fence, at)) at += fence.length;
    } else if (jsonCallAt(text, at) === 'yes') {
      const parsed = jsonValueAt(text, at);
      if (parsed === undefined) return undefined;
      calls.push(...callsOfValue(parsed.value));
      at = parsed.end;
    } else {
      break;
    }
  }
  if (calls.length === 0 || calls.some((call) => call === undefined)) return undefined;
  return { calls: calls as ParsedCall[], rest: text.slice(at).trim() };
}

/**
 * Tool calls written in `text` for tools that were offered, in any of the formats above; `content` is the
 * text without them. When anything fails to parse or names a tool that was not offered, nothing is taken:
 * the text stays content, as the model wrote it.
 */
export function parseTextToolCalls(
  text: string,
  tools: readonly ToolSpec[],
  idPrefix: string,
): { content: string; toolCalls: ToolCall[] } {
  const start = findToolCallStart(text, 0, true);
  if (start === undefined) return { content: text, toolCalls: [] };
  const region = parseRegion(text, start.index);
  const known = new Set(tools.map((tool) => tool.name));
  if (region === undefined || region.calls.some((call) => !known.has(call.name))) {
    return { content: text, toolCalls: [] };
  }
  // The text before the calls keeps its line end only when more text follows them.
  const before = text.slice(0, start.index);
  const content = region.rest === '' ? before.trimEnd() : `${before}${region.rest}`;
  return {
    content: content.trim() === '' ? '' : content,
    toolCalls: region.calls.map((call, index) => ({
      id: `${idPrefix}_${index + 1}`,
      name: call.name,
      arguments: call.arguments,
    })),
  };
}

/** Holds back streamed text that may be a tool call; see `createToolCallHoldback`. */
export interface ToolCallHoldback {
  /** Takes the next piece of content; returns the text that can reach the caller now. */
  push(piece: string): string;
  /** The end of the step: everything held back (a tool call, or what only looked like the start of one). */
  end(): string;
}

/**
 * The stream side of `parseTextToolCalls`: text goes out as it comes until something may start a call;
 * from there it is held, and released as soon as it turns out not to (a `{` whose first key is no call
 * key), or kept to the end of the step once a call has started, where the step's finish parses it. Leading
 * whitespace is held too, so an answer that is only a call shows no text at all.
 */
export function createToolCallHoldback(): ToolCallHoldback {
  let pending = '';
  let capturing = false;
  let started = false;
  return {
    push(piece) {
      pending += piece;
      if (capturing) return '';
      if (!started) {
        if (pending.trim() === '') return '';
        started = true;
      }
      const start = findToolCallStart(pending, 0, false);
      if (start === undefined) {
        const out = pending;
        pending = '';
        return out;
      }
      capturing = start.certain;
      const out = pending.slice(0, start.index);
      // Only whitespace before a call: held with it, as a whole answer drops it.
      if (capturing && out.trim() === '') return '';
      pending = pending.slice(start.index);
      return out;
    },
    end() {
      const rest = pending;
      pending = '';
      return rest;
    },
  };
}
