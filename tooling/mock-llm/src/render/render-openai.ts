import type { ReplyFinishReason } from '../reply.js';
import { openAICompletionId } from './mock-response-id.js';
import type { GenerationRenderer, JsonBody, RenderContext, StreamFrames } from './rendered-response.js';
import { jsonBody } from './rendered-response.js';
import type { ResolvedTextReply } from './resolve-text-reply.js';

const chunkSuffix = ',"finish_reason":null}]}\n\n';

// OpenAI's finish reasons are the mock's own names; the switch keeps the mapping explicit per wire.
function mapFinishReason(reason: ReplyFinishReason): string {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool_calls':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

function toolCallId(reply: ResolvedTextReply, index: number, context: RenderContext): string {
  return reply.toolCalls[index]?.id ?? `call_mock_${context.requestId}_${index}`;
}

function usageObject(reply: ResolvedTextReply): Record<string, unknown> {
  const { input, output, cached, reasoning } = reply.usage;
  const usage: Record<string, unknown> = {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
  };
  if (cached !== undefined) usage.prompt_tokens_details = { cached_tokens: cached };
  if (reasoning !== undefined) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}

function renderJson(reply: ResolvedTextReply, context: RenderContext): JsonBody {
  const message: Record<string, unknown> = {
    role: 'assistant',
    // The real API sends `content: null` when the answer is only tool calls.
    content: reply.text === '' && reply.toolCalls.length > 0 ? null : reply.text,
    refusal: null,
  };
  if (reply.reasoning !== '') message[reply.reasoningField] = reply.reasoning;
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call, index) => ({
      id: toolCallId(reply, index, context),
      type: 'function',
      function: { name: call.name, arguments: call.argumentsJson },
    }));
  }
  return jsonBody(
    JSON.stringify({
      id: openAICompletionId(context.requestId),
      object: 'chat.completion',
      created: Math.floor(context.createdMs / 1000),
      model: reply.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: mapFinishReason(reply.finishReason) }],
      usage: usageObject(reply),
    }),
  );
}

function renderStream(reply: ResolvedTextReply, context: RenderContext): StreamFrames {
  const id = openAICompletionId(context.requestId);
  const created = Math.floor(context.createdMs / 1000);
  const head = `{"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(reply.model)}`;
  const prefix = `data: ${head},"choices":[{"index":0,"delta":`;
  const frames: string[] = [];
  const contentIndexes: number[] = [];
  // The first delta carries `role`; merging it into the first content delta keeps `--chunks N` at exactly N frames.
  let role = '"role":"assistant",';
  const pushDelta = (fields: string): void => {
    contentIndexes.push(frames.length);
    frames.push(`${prefix}{${role}${fields}}${chunkSuffix}`);
    role = '';
  };
  const reasoningKey = `"${reply.reasoningField}":`;
  for (const piece of reply.reasoningChunks) {
    pushDelta(`${role === '' ? '' : '"content":null,'}${reasoningKey}${JSON.stringify(piece)}`);
  }
  for (const pieceJson of reply.chunkJson) pushDelta(`"content":${pieceJson}`);
  reply.toolCalls.forEach((call, index) => {
    const opening = `{"index":${index},"id":${JSON.stringify(toolCallId(reply, index, context))},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":""}}`;
    pushDelta(`${role === '' ? '' : '"content":null,'}"tool_calls":[${opening}]`);
    for (const piece of call.argumentPieces) {
      pushDelta(`"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(piece)}}}]`);
    }
  });
  if (frames.length === 0) pushDelta('"content":""');
  const finishIndex = frames.length;
  frames.push(`${prefix}{},"finish_reason":"${mapFinishReason(reply.finishReason)}"}]}\n\n`);
  if (context.includeUsage) {
    frames.push(`data: ${head},"choices":[],"usage":${JSON.stringify(usageObject(reply))}}\n\n`);
  }
  frames.push('data: [DONE]\n\n');
  return { stream: true, contentType: 'text/event-stream', frames, contentIndexes, finishIndex };
}

/** OpenAI Chat Completions: `chat.completion` JSON and `chat.completion.chunk` SSE ending in `[DONE]`. */
export const openAiRenderer: GenerationRenderer = {
  renderJson,
  renderStream,
  // OpenRouter and OpenAI put an in-band error in a `data:` event whose object has `error`.
  renderErrorFrame: (message, code) => `data: ${JSON.stringify({ error: { message, code } })}\n\n`,
  renderErrorJson: (message, code) => JSON.stringify({ error: { message, code } }),
  renderMalformedFrame: (context) =>
    `data: {"id":"${openAICompletionId(context.requestId)}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"malformed"}\n\n`,
};
