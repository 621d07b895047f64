import type { SseEvent } from '@core/http';
import type { GenerateChunk } from '@core/types';
import { mapOpenAICompatibleStream } from '@provider/openai-compatible';

// A refusal streams as `delta.refusal` text and ends with `finish_reason: "stop"`. The key followed by a
// string that is not empty can only be that field: inside a JSON string every quote is escaped, and
// `logprobs.refusal` is an array. Compact JSON is what OpenAI sends.
const refusalKey = '"refusal":"';
const quote = 34;

function startsRefusal(data: string): boolean {
  const at = data.indexOf(refusalKey);
  return at !== -1 && data.charCodeAt(at + refusalKey.length) !== quote;
}

async function* watchForRefusal(
  events: AsyncIterable<SseEvent>,
  state: { refused: boolean },
): AsyncGenerator<SseEvent, void, undefined> {
  for await (const event of events) {
    if (!state.refused && startsRefusal(event.data)) state.refused = true;
    yield event;
  }
}

/**
 * OpenAI's Chat Completions SSE to chunks: openai-compatible's mapper (text straight through, tool calls
 * assembled by index and emitted once, usage and finish reason on the last chunk), plus OpenAI's refusal
 * rule: a streamed refusal is the content and ends with `content_filter`, as a non-stream one does (the raw
 * `stop` is kept beside it). Interim: this wrapper goes once the shared mapper applies the refusal rule
 * itself (README, "Waiting on openai-compatible").
 */
export async function* mapOpenAIStream(
  events: AsyncIterable<SseEvent>,
  context: { provider: string; model: string },
): AsyncGenerator<GenerateChunk, void, undefined> {
  const state = { refused: false };
  for await (const chunk of mapOpenAICompatibleStream(watchForRefusal(events, state), context)) {
    yield chunk.finishReason === 'stop' && state.refused
      ? { ...chunk, finishReason: 'content_filter' }
      : chunk;
  }
}
