import { classifyInBandError, parseToolArguments, type StreamMapper } from '@core/http';
import { type GenerateChunk, ProviderAPIError, ProviderConnectionError, type ToolCall } from '@core/types';
import { convertOllamaUsage } from './convert-ollama-usage.js';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';
import type { OllamaChatResponse, OllamaResponseToolCall } from './ollama-api.js';
import { parseOllamaError } from './parse-ollama-error.js';

/** Who the stream belongs to, for the errors it throws. */
export interface OllamaStreamContext {
  provider: string;
  model: string;
}

/**
 * An in-band `{"error": "…"}` (a stream line, or a 200 body) as our error class, through the one in-band
 * mapping (`classifyInBandError`). The HTTP status was 200 and says nothing, so the class comes from the
 * message (a missing model, a prompt past the context), else a `ProviderAPIError` that is not retryable,
 * since nothing marks it transient (ollama-errors.mdx).
 */
export function ollamaInBandError(
  body: unknown,
  context: OllamaStreamContext & { requestId?: string | undefined },
): ProviderAPIError {
  return classifyInBandError({
    provider: context.provider,
    model: context.model,
    parsed: parseOllamaError(body),
    requestId: context.requestId,
    body,
  });
}

/**
 * One wire tool call as ours. Ollama sends arguments as an object (some proxies as a JSON string) and
 * usually no id, so `call_<position>` stands in: stable for the same answer, and tool results find their
 * call by name on this wire anyway.
 */
export function convertOllamaToolCall(call: OllamaResponseToolCall, position: number): ToolCall {
  const value = call.function?.arguments;
  let parsed: Pick<ToolCall, 'arguments' | 'invalidArguments'>;
  if (typeof value === 'string') parsed = parseToolArguments(value);
  else if (value === undefined || value === null) parsed = { arguments: {} };
  else if (typeof value === 'object' && !Array.isArray(value)) parsed = { arguments: value };
  else parsed = { arguments: {}, invalidArguments: JSON.stringify(value) };
  return {
    id: typeof call.id === 'string' && call.id !== '' ? call.id : `call_${position}`,
    name: call.function?.name ?? '',
    ...parsed,
  };
}

/**
 * `/api/chat` NDJSON lines to chunks, in one pass, one network read's lines at a time (synchronous: the
 * transport calls it per read). Text and thinking pass straight through. Tool calls arrive whole (never as
 * fragments on this wire) and are handed over once, on the last chunk, with the finish reason and usage of
 * the `done: true` line. Lines after that are drained unread so the socket goes back to the pool. An
 * `{"error": …}` line is thrown as its class; a stream that ends without `done: true` is a
 * `ProviderConnectionError`.
 */
export function createOllamaStreamMapper(
  context: OllamaStreamContext,
): StreamMapper<OllamaChatResponse, GenerateChunk> {
  const toolCalls: ToolCall[] = [];
  let finished = false;

  function push(lines: readonly OllamaChatResponse[], chunks: GenerateChunk[]): void {
    for (const line of lines) {
      if (finished) continue;
      if (typeof line !== 'object' || line === null) {
        throw new ProviderAPIError({
          provider: context.provider,
          model: context.model,
          message: `Ollama sent a stream line that is not an object: ${JSON.stringify(line)}`.slice(0, 200),
        });
      }
      if (line.error !== undefined) throw ollamaInBandError(line, context);
      const message = line.message;
      const content = message?.content ?? '';
      const thinking = message?.thinking ?? '';
      if (message?.tool_calls != null) {
        for (const call of message.tool_calls)
          toolCalls.push(convertOllamaToolCall(call, toolCalls.length + 1));
      }
      if (line.done === true) {
        finished = true;
        // Ollama reports done_reason and the counts only on the final line, which may also carry text.
        const rawFinishReason = line.done_reason;
        chunks.push({
          content,
          ...(thinking === '' ? {} : { reasoning: thinking }),
          ...(toolCalls.length > 0 ? { toolCalls } : {}),
          finishReason: mapOllamaFinishReason(rawFinishReason),
          ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
          usage: convertOllamaUsage(line),
          ...(line.model === undefined || line.model === '' ? {} : { model: line.model }),
        });
        continue;
      }
      if (content !== '' || thinking !== '') {
        chunks.push(thinking === '' ? { content } : { content, reasoning: thinking });
      }
    }
  }

  function end(_chunks: GenerateChunk[]): void {
    if (!finished) {
      throw new ProviderConnectionError({
        provider: context.provider,
        model: context.model,
        message: 'The Ollama stream ended before its final `done: true` line',
      });
    }
  }

  return { push, end };
}
