import {
  classifyInBandError,
  parseJsonData,
  parseToolArguments,
  type SseEvent,
  type StreamMapper,
} from '@core/http';
import {
  type GenerateChunk,
  type ProviderAPIError,
  ProviderConnectionError,
  type ToolCall,
} from '@core/types';
import type { AnthropicStreamEvent, AnthropicUsage, AnthropicWireError } from './anthropic-api.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { anthropicErrorStatus, parseAnthropicError } from './parse-anthropic-error.js';

/** What the stream mapper knows about the call. */
export interface AnthropicStreamContext {
  provider: string;
  model: string;
  /** The response's request id, carried into an in-band error. */
  requestId?: string;
  /** The structured-output tool: its input is the answer (`content`), not a tool call. */
  jsonToolName?: string;
}

type OpenBlock =
  | { type: 'text' }
  | { type: 'thinking'; parts: string[]; signatureParts: string[] }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; parts: string[] }
  | { type: 'ignored' };

/**
 * An in-band error (an `error` event, or an error body with a 200 status) as our error class: the status
 * its type is sent with (`overloaded_error` is a retryable 529, `rate_limit_error` a 429) goes through the
 * one in-band mapping, `classifyInBandError`; an unknown type is classified by its message.
 */
export function anthropicInBandError(
  body: { error?: AnthropicWireError; request_id?: string | null },
  context: { provider: string; model: string; requestId?: string },
): ProviderAPIError {
  return classifyInBandError({
    provider: context.provider,
    model: context.model,
    status: anthropicErrorStatus(body.error?.type),
    parsed: parseAnthropicError(body),
    requestId: context.requestId,
    body,
  });
}

function completeToolUse(block: { id: string; name: string; parts: string[] }): ToolCall {
  // An empty input arrives as one `""` fragment (vercel-ai__anthropic-tool-no-args.chunks.txt): `{}`.
  return { id: block.id, name: block.name, ...parseToolArguments(block.parts.join('')) };
}

/** The text a structured-output tool answered with: its input as compact JSON, or the raw text that did not parse. */
export function jsonToolContent(call: Pick<ToolCall, 'arguments' | 'invalidArguments'>): string {
  return call.invalidArguments ?? JSON.stringify(call.arguments);
}

/**
 * Messages API SSE to chunks, in one pass. Text and thinking pass straight through; at each thinking or
 * redacted-thinking block's stop, the complete block goes out as `reasoningBlocks` (the conversation needs
 * it back, signature included). Tool input fragments are collected per block, parsed once at block stop,
 * and the calls go out once, complete, on the last chunk with the finish reason, the message id of
 * `message_start` and the usage of `message_start` and `message_delta` merged. `message_stop` is the
 * finish signal: a stream that ends without it is a `ProviderConnectionError`. An `error` event is thrown
 * as its class. Synchronous: the transport calls it with one network read's events at a time.
 */
export function createAnthropicStreamMapper(
  context: AnthropicStreamContext,
): StreamMapper<SseEvent, GenerateChunk> {
  const blocks = new Map<number, OpenBlock>(); // content block index → what is collected for it
  const toolCalls: ToolCall[] = [];
  // With structured output the text around the JSON tool is chatter ("I'll invoke the JSON response tool."
  // in vercel-ai__anthropic-json-tool.2.chunks.txt): it is held, and sent only if the tool never came.
  const heldText: string[] = [];
  let answeredByJsonTool = false;
  let usage: AnthropicUsage | undefined;
  let rawFinishReason: string | undefined;
  let model: string | undefined;
  let responseId: string | undefined;
  let sawMessageStop = false;

  function push(events: readonly SseEvent[], chunks: GenerateChunk[]): void {
    for (const event of events) {
      // Once message_stop arrived the rest is ignored, but read, so the socket goes back to the pool.
      if (sawMessageStop) continue;
      const data = parseJsonData<AnthropicStreamEvent>(event.data, context.provider);
      switch (data.type) {
        case 'message_start':
          if (typeof data.message?.model === 'string' && data.message.model !== '')
            model = data.message.model;
          // Only message_start names the message (`message.id`, `msg_…`); it goes out on the last chunk.
          if (typeof data.message?.id === 'string' && data.message.id !== '') responseId = data.message.id;
          usage = mergeAnthropicUsage(usage, data.message?.usage);
          break;

        case 'content_block_start': {
          const index = data.index ?? 0;
          const block = data.content_block;
          switch (block?.type) {
            case 'text':
              blocks.set(index, { type: 'text' });
              if (typeof block.text === 'string' && block.text !== '') {
                if (context.jsonToolName !== undefined) heldText.push(block.text);
                else chunks.push({ content: block.text });
              }
              break;
            case 'thinking': {
              const parts: string[] = [];
              if (typeof block.thinking === 'string' && block.thinking !== '') {
                parts.push(block.thinking);
                chunks.push({ content: '', reasoning: block.thinking });
              }
              blocks.set(index, {
                type: 'thinking',
                parts,
                signatureParts: typeof block.signature === 'string' ? [block.signature] : [],
              });
              break;
            }
            case 'redacted_thinking':
              // The opaque data comes whole in the start event; there are no deltas.
              blocks.set(index, { type: 'redacted_thinking', data: block.data ?? '' });
              break;
            case 'tool_use': {
              const parts: string[] = [];
              // The input is `{}` at start and streamed as fragments, except for tool calls made by code
              // execution, which arrive complete here.
              if (
                typeof block.input === 'object' &&
                block.input !== null &&
                Object.keys(block.input).length > 0
              ) {
                parts.push(JSON.stringify(block.input));
              }
              blocks.set(index, {
                type: 'tool_use',
                id: block.id ?? `toolu_${index}`,
                name: block.name ?? '',
                parts,
              });
              break;
            }
            default:
              // Server tools (web search, code execution) and their results run at Anthropic; nothing to relay.
              blocks.set(index, { type: 'ignored' });
          }
          break;
        }

        case 'content_block_delta': {
          const block = blocks.get(data.index ?? 0);
          const delta = data.delta;
          if (block === undefined || delta === undefined) break;
          if (delta.type === 'text_delta' && block.type === 'text') {
            const text = delta.text ?? '';
            if (text === '') break;
            if (context.jsonToolName !== undefined) heldText.push(text);
            else chunks.push({ content: text });
          } else if (delta.type === 'thinking_delta' && block.type === 'thinking') {
            const thinking = delta.thinking ?? '';
            // The last thinking_delta is often empty (vercel-ai__anthropic-clear-thinking.1.chunks.txt).
            if (thinking === '') break;
            block.parts.push(thinking);
            chunks.push({ content: '', reasoning: thinking });
          } else if (delta.type === 'signature_delta' && block.type === 'thinking') {
            if (typeof delta.signature === 'string') block.signatureParts.push(delta.signature);
          } else if (delta.type === 'input_json_delta' && block.type === 'tool_use') {
            if (typeof delta.partial_json === 'string' && delta.partial_json !== '') {
              block.parts.push(delta.partial_json);
            }
          }
          // citations_delta and unknown deltas carry nothing we relay.
          break;
        }

        case 'content_block_stop': {
          const index = data.index ?? 0;
          const block = blocks.get(index);
          blocks.delete(index);
          if (block === undefined) break;
          if (block.type === 'thinking') {
            const signature = block.signatureParts.join('');
            chunks.push({
              content: '',
              reasoningBlocks: [{ text: block.parts.join(''), ...(signature === '' ? {} : { signature }) }],
            });
          } else if (block.type === 'redacted_thinking') {
            chunks.push({ content: '', reasoningBlocks: [{ text: '', redactedData: block.data }] });
          } else if (block.type === 'tool_use') {
            const call = completeToolUse(block);
            if (context.jsonToolName !== undefined && call.name === context.jsonToolName) {
              answeredByJsonTool = true;
              chunks.push({ content: jsonToolContent(call) });
            } else {
              toolCalls.push(call);
            }
          }
          break;
        }

        case 'message_delta':
          if (data.delta?.stop_reason != null) rawFinishReason = data.delta.stop_reason;
          usage = mergeAnthropicUsage(usage, data.usage);
          break;

        case 'message_stop':
          sawMessageStop = true;
          break;

        case 'error':
          throw anthropicInBandError(data, context);

        default:
          // `ping` (sent as `{"type": "ping"}` by the real API) and event types added later.
          break;
      }
    }
  }

  function end(chunks: GenerateChunk[]): void {
    if (!sawMessageStop) {
      throw new ProviderConnectionError({
        provider: context.provider,
        model: context.model,
        message: 'The stream ended before Anthropic sent message_stop',
      });
    }
    let finishReason = mapAnthropicFinishReason(rawFinishReason);
    // The structured-output tool answered: the turn is complete, not waiting for tool results.
    if (answeredByJsonTool && toolCalls.length === 0 && finishReason === 'tool_calls') finishReason = 'stop';
    chunks.push({
      content: answeredByJsonTool ? '' : heldText.join(''),
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      finishReason,
      ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
      usage: convertAnthropicUsage(usage),
      ...(model === undefined ? {} : { model }),
      ...(responseId === undefined ? {} : { responseId }),
    });
  }

  return { push, end };
}
