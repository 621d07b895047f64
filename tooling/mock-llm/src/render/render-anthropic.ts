import { anthropicMessageId } from './mock-response-id.js';
import type { GenerationRenderer, JsonBody, RenderContext, StreamFrames } from './rendered-response.js';
import { jsonBody } from './rendered-response.js';
import type { ResolvedTextReply } from './resolve-text-reply.js';

// https://docs.anthropic.com/en/api/handling-stop-reasons
function mapStopReason(reply: ResolvedTextReply): string {
  switch (reply.finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return reply.stopSequence === undefined ? 'end_turn' : 'stop_sequence';
  }
}

function toolUseId(reply: ResolvedTextReply, index: number, context: RenderContext): string {
  return reply.toolCalls[index]?.id ?? `toolu_mock_${context.requestId}_${index}`;
}

function signatureOf(reply: ResolvedTextReply, context: RenderContext): string {
  return reply.reasoningSignature ?? `mock-signature-${context.requestId}`;
}

function inputUsage(reply: ResolvedTextReply): Record<string, number> {
  const usage: Record<string, number> = { input_tokens: reply.usage.input };
  if (reply.usage.cached !== undefined) usage.cache_read_input_tokens = reply.usage.cached;
  return usage;
}

function renderJson(reply: ResolvedTextReply, context: RenderContext): JsonBody {
  const content: Array<Record<string, unknown>> = [];
  if (reply.reasoning !== '') {
    content.push({ type: 'thinking', thinking: reply.reasoning, signature: signatureOf(reply, context) });
  }
  if (reply.text !== '' || reply.toolCalls.length === 0) content.push({ type: 'text', text: reply.text });
  reply.toolCalls.forEach((call, index) => {
    content.push({
      type: 'tool_use',
      id: toolUseId(reply, index, context),
      name: call.name,
      input: call.arguments,
    });
  });
  return jsonBody(
    JSON.stringify({
      id: anthropicMessageId(context.requestId),
      type: 'message',
      role: 'assistant',
      model: reply.model,
      content,
      stop_reason: mapStopReason(reply),
      stop_sequence: reply.stopSequence ?? null,
      usage: { ...inputUsage(reply), output_tokens: reply.usage.output },
    }),
  );
}

function event(type: string, data: string): string {
  return `event: ${type}\ndata: ${data}\n\n`;
}

function renderStream(reply: ResolvedTextReply, context: RenderContext): StreamFrames {
  const frames: string[] = [];
  const contentIndexes: number[] = [];
  let blockIndex = 0;
  let pinged = false;
  const startBlock = (block: string): void => {
    frames.push(
      event(
        'content_block_start',
        `{"type":"content_block_start","index":${blockIndex},"content_block":${block}}`,
      ),
    );
    // The real API sends a ping after the first block opens (vercel-ai__anthropic-text.chunks.txt).
    if (!pinged) {
      frames.push(event('ping', '{"type":"ping"}'));
      pinged = true;
    }
  };
  const delta = (body: string, counts = true): void => {
    if (counts) contentIndexes.push(frames.length);
    frames.push(
      event('content_block_delta', `{"type":"content_block_delta","index":${blockIndex},"delta":${body}}`),
    );
  };
  const stopBlock = (): void => {
    frames.push(event('content_block_stop', `{"type":"content_block_stop","index":${blockIndex}}`));
    blockIndex++;
  };

  const message = {
    id: anthropicMessageId(context.requestId),
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...inputUsage(reply), output_tokens: 1 },
  };
  frames.push(event('message_start', JSON.stringify({ type: 'message_start', message })));
  if (reply.reasoning !== '') {
    startBlock('{"type":"thinking","thinking":"","signature":""}');
    for (const piece of reply.reasoningChunks) {
      delta(`{"type":"thinking_delta","thinking":${JSON.stringify(piece)}}`);
    }
    delta(`{"type":"signature_delta","signature":${JSON.stringify(signatureOf(reply, context))}}`, false);
    stopBlock();
  }
  if (reply.text !== '' || reply.toolCalls.length === 0) {
    startBlock('{"type":"text","text":""}');
    for (const pieceJson of reply.chunkJson) delta(`{"type":"text_delta","text":${pieceJson}}`);
    stopBlock();
  }
  reply.toolCalls.forEach((call, index) => {
    startBlock(
      `{"type":"tool_use","id":${JSON.stringify(toolUseId(reply, index, context))},"name":${JSON.stringify(call.name)},"input":{}}`,
    );
    // Like the real API, the first input_json_delta is empty (vercel-ai__anthropic-json-tool.2.chunks.txt).
    delta('{"type":"input_json_delta","partial_json":""}');
    for (const piece of call.argumentPieces) {
      delta(`{"type":"input_json_delta","partial_json":${JSON.stringify(piece)}}`);
    }
    stopBlock();
  });
  const finishIndex = frames.length;
  frames.push(
    event(
      'message_delta',
      JSON.stringify({
        type: 'message_delta',
        delta: { stop_reason: mapStopReason(reply), stop_sequence: reply.stopSequence ?? null },
        usage: { output_tokens: reply.usage.output },
      }),
    ),
  );
  frames.push(event('message_stop', '{"type":"message_stop"}'));
  return { stream: true, contentType: 'text/event-stream', frames, contentIndexes, finishIndex };
}

/** Anthropic Messages: a `message` JSON, or `event:`-named SSE from message_start to message_stop. */
export const anthropicRenderer: GenerationRenderer = {
  renderJson,
  renderStream,
  renderErrorFrame: (message, code) =>
    event('error', JSON.stringify({ type: 'error', error: { type: code ?? 'overloaded_error', message } })),
  renderErrorJson: (message, code) =>
    JSON.stringify({ type: 'error', error: { type: code ?? 'overloaded_error', message } }),
  renderMalformedFrame: () =>
    event(
      'content_block_delta',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}',
    ),
};
