import {
  createRepeatedEnvelope,
  parseJsonData,
  parseToolArguments,
  type SseEvent,
  type StreamMapper,
} from '@core/http';
import { type GenerateChunk, ProviderConnectionError, type ToolCall, type Usage } from '@core/types';
import { convertOpenAICompatibleUsage } from './convert-openai-compatible-usage.js';
import { hasText, resolveOpenAICompatibleFinishReason } from './map-openai-compatible-finish-reason.js';
import type { ChatCompletionChunk, WireToolCallDelta } from './openai-compatible-api.js';
import { openAICompatibleInBandError } from './parse-openai-compatible-error.js';

interface PendingToolCall {
  id: string | undefined;
  name: string;
  /** Argument fragments; joined and parsed once, when the stream finishes. */
  argumentParts: string[];
}

/**
 * Chat Completions SSE to chunks, in one pass, one network read's events at a time (synchronous: the
 * transport calls it per read). Text (refusal text too) and reasoning pass straight through; tool-call
 * fragments are collected per call and emitted once, complete, on the last chunk with the finish reason,
 * the completion id (`chatcmpl-…`) and usage (which, with `stream_options.include_usage`, arrives in a
 * chunk of its own after the finish), when the body ends. Throws an in-band error as its class, and a
 * `ProviderConnectionError` when the stream ends without its finish signal.
 */
export function createOpenAICompatibleStreamMapper(context: {
  provider: string;
  model: string;
}): StreamMapper<SseEvent, GenerateChunk> {
  const toolCalls = new Map<number, PendingToolCall>(); // wire index → call, in arrival order
  let lastIndex = -1;
  let rawFinishReason: string | undefined;
  let usage: Usage | undefined;
  let model: string | undefined;
  // Every chunk repeats the completion id, but Azure's first one has `id: ""`
  // (vercel-ai__azure-model-router.1.chunks.txt): the first non-empty one is kept.
  let responseId: string | undefined;
  let sawDone = false;
  // What the finish reason depends on besides the wire's value: a refusal with no content is content_filter.
  let hasContent = false;
  let hasRefusal = false;
  // Text deltas that repeat the last one's bytes but for the text are read without a JSON.parse.
  const envelope = createRepeatedEnvelope({ key: 'content', ignoredKeys: ['obfuscation'] });

  function push(events: readonly SseEvent[], chunks: GenerateChunk[]): void {
    for (const event of events) {
      // After `[DONE]` the body is read to its end (servers close it right away) rather than left: leaving
      // it destroys the socket, and the next call would open a new connection instead of reusing this one.
      if (sawDone) continue;
      if (event.data === '[DONE]') {
        sawDone = true;
        continue;
      }
      if (event.event === undefined) {
        const text = envelope.textOf(event.data);
        if (text !== undefined) {
          // The learned delta with other text: everything else it says was already taken from it.
          if (text !== '') {
            chunks.push({ content: text });
            hasContent = true;
          }
          continue;
        }
      }
      const chunk = parseJsonData<ChatCompletionChunk>(event.data, context.provider);
      if (event.event === 'error' || chunk.error !== undefined) {
        throw openAICompatibleInBandError(chunk.error ?? { message: event.data }, context);
      }
      if (chunk.model !== undefined && chunk.model !== '') model = chunk.model;
      if (responseId === undefined && hasText(chunk.id)) responseId = chunk.id;
      if (chunk.usage != null) usage = convertOpenAICompatibleUsage(chunk.usage);
      const choice = chunk.choices?.[0];
      if (choice === undefined) continue;
      const delta = choice.delta;
      if (delta !== undefined) {
        // A refusal streams as `delta.refusal` text; it passes through as content, as a non-stream one does.
        let text: string | undefined;
        if (hasText(delta.content)) {
          text = delta.content;
          hasContent = true;
        } else if (hasText(delta.refusal)) {
          text = delta.refusal;
          hasRefusal = true;
        }
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (hasText(reasoning)) chunks.push({ content: text ?? '', reasoning });
        else if (text !== undefined) chunks.push({ content: text });
        if (delta.tool_calls != null) {
          for (const fragment of delta.tool_calls)
            lastIndex = addToolCallFragment(toolCalls, fragment, lastIndex);
        }
      }
      if (choice.finish_reason != null) rawFinishReason = choice.finish_reason;
      else if (event.event === undefined && isPlainTextDelta(chunk)) {
        envelope.learn(event.data, chunk.choices?.[0]?.delta?.content as string, readDeltaContent);
      }
    }
  }

  function end(chunks: GenerateChunk[]): void {
    if (!sawDone && rawFinishReason === undefined) {
      throw new ProviderConnectionError({
        provider: context.provider,
        model: context.model,
        message: 'The stream ended before the server finished the response',
      });
    }
    const calls = completeToolCalls(toolCalls);
    chunks.push({
      content: '',
      ...(calls.length > 0 ? { toolCalls: calls } : {}),
      finishReason: resolveOpenAICompatibleFinishReason(rawFinishReason, { hasContent, hasRefusal }),
      ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
      usage: usage ?? { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined },
      ...(model === undefined ? {} : { model }),
      ...(responseId === undefined ? {} : { responseId }),
    });
  }

  return { push, end };
}

// A delta whose only news is its text: no usage, no finish, no reasoning, refusal or tool call.
function isPlainTextDelta(chunk: ChatCompletionChunk): boolean {
  const delta = chunk.choices?.[0]?.delta;
  return (
    chunk.usage == null &&
    chunk.choices?.length === 1 &&
    delta !== undefined &&
    hasText(delta.content) &&
    delta.tool_calls == null &&
    !hasText(delta.reasoning_content ?? delta.reasoning)
  );
}

function readDeltaContent(event: unknown): unknown {
  return (event as ChatCompletionChunk).choices?.[0]?.delta?.content;
}

// A fragment without `index` (Mistral sends whole calls that way) starts a new call when it carries a new
// id, and otherwise continues the last one. Indexes are keys, not positions, so a first index of 1 is fine.
function addToolCallFragment(
  calls: Map<number, PendingToolCall>,
  fragment: WireToolCallDelta,
  lastIndex: number,
): number {
  let index = fragment.index;
  if (index === undefined) {
    const last = calls.get(lastIndex);
    index =
      last === undefined || (fragment.id != null && fragment.id !== last.id) ? lastIndex + 1 : lastIndex;
  }
  let call = calls.get(index);
  if (call === undefined) {
    call = { id: fragment.id ?? undefined, name: '', argumentParts: [] };
    calls.set(index, call);
  }
  if (fragment.id != null && call.id === undefined) call.id = fragment.id;
  // Some servers repeat the name in every fragment; the first one is the name.
  if (call.name === '' && fragment.function?.name != null) call.name = fragment.function.name;
  if (fragment.function?.arguments != null) call.argumentParts.push(fragment.function.arguments);
  return Math.max(index, lastIndex);
}

function completeToolCalls(calls: Map<number, PendingToolCall>): ToolCall[] {
  const result: ToolCall[] = [];
  let position = 0;
  for (const call of calls.values()) {
    position += 1;
    result.push({
      id: call.id ?? `call_${position}`,
      name: call.name,
      ...parseToolArguments(call.argumentParts.join('')),
    });
  }
  return result;
}
