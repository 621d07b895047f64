import type { GenerationRenderer, JsonBody, RenderContext, StreamFrames } from './rendered-response.js';
import { jsonBody } from './rendered-response.js';
import type { ResolvedTextReply } from './resolve-text-reply.js';

// Ollama's done_reason is `stop` or `length` for a generation; tool calls end with `stop` (specs/ollama-api.md).
function doneReason(reply: ResolvedTextReply): string {
  return reply.finishReason === 'length' ? 'length' : 'stop';
}

// Durations are nanoseconds on this wire; made up but consistent with the counts.
function finalStatistics(reply: ResolvedTextReply): Record<string, unknown> {
  const loadDuration = 1_000_000;
  const promptEvalDuration = reply.usage.input * 1_000_000;
  const evalDuration = reply.usage.output * 10_000_000;
  return {
    done_reason: doneReason(reply),
    total_duration: loadDuration + promptEvalDuration + evalDuration,
    load_duration: loadDuration,
    prompt_eval_count: reply.usage.input,
    prompt_eval_duration: promptEvalDuration,
    eval_count: reply.usage.output,
    eval_duration: evalDuration,
  };
}

// Ollama sends tool-call arguments as an object, each call complete, never as JSON-string fragments.
function ollamaToolCalls(reply: ResolvedTextReply): Array<Record<string, unknown>> {
  return reply.toolCalls.map((call) => ({ function: { name: call.name, arguments: call.arguments } }));
}

function createdAt(context: RenderContext): string {
  return new Date(context.createdMs).toISOString();
}

function renderChatJson(reply: ResolvedTextReply, context: RenderContext): JsonBody {
  const message: Record<string, unknown> = { role: 'assistant', content: reply.text };
  if (reply.reasoning !== '') message.thinking = reply.reasoning;
  if (reply.toolCalls.length > 0) message.tool_calls = ollamaToolCalls(reply);
  return jsonBody(
    JSON.stringify({
      model: reply.model,
      created_at: createdAt(context),
      message,
      done: true,
      ...finalStatistics(reply),
    }),
  );
}

function renderChatStream(reply: ResolvedTextReply, context: RenderContext): StreamFrames {
  const head = `{"model":${JSON.stringify(reply.model)},"created_at":"${createdAt(context)}",`;
  const frames: string[] = [];
  const contentIndexes: number[] = [];
  const pushMessage = (fields: string): void => {
    contentIndexes.push(frames.length);
    frames.push(`${head}"message":{"role":"assistant",${fields}},"done":false}\n`);
  };
  for (const piece of reply.reasoningChunks) pushMessage(`"content":"","thinking":${JSON.stringify(piece)}`);
  for (const pieceJson of reply.chunkJson) pushMessage(`"content":${pieceJson}`);
  if (reply.toolCalls.length > 0) {
    pushMessage(`"content":"","tool_calls":${JSON.stringify(ollamaToolCalls(reply))}`);
  }
  const finishIndex = frames.length;
  const final = {
    model: reply.model,
    created_at: createdAt(context),
    message: { role: 'assistant', content: '' },
  };
  frames.push(`${JSON.stringify({ ...final, done: true, ...finalStatistics(reply) })}\n`);
  return { stream: true, contentType: 'application/x-ndjson', frames, contentIndexes, finishIndex };
}

function renderGenerateJson(reply: ResolvedTextReply, context: RenderContext): JsonBody {
  const body: Record<string, unknown> = {
    model: reply.model,
    created_at: createdAt(context),
    response: reply.text,
  };
  if (reply.reasoning !== '') body.thinking = reply.reasoning;
  return jsonBody(JSON.stringify({ ...body, done: true, ...finalStatistics(reply) }));
}

function renderGenerateStream(reply: ResolvedTextReply, context: RenderContext): StreamFrames {
  const head = `{"model":${JSON.stringify(reply.model)},"created_at":"${createdAt(context)}",`;
  const frames: string[] = [];
  const contentIndexes: number[] = [];
  const pushLine = (fields: string): void => {
    contentIndexes.push(frames.length);
    frames.push(`${head}${fields},"done":false}\n`);
  };
  // Real /api/generate thinking lines carry `response:""` beside `thinking` (attogram gpt-oss fixture).
  for (const piece of reply.reasoningChunks) pushLine(`"response":"","thinking":${JSON.stringify(piece)}`);
  for (const pieceJson of reply.chunkJson) pushLine(`"response":${pieceJson}`);
  const finishIndex = frames.length;
  const final = { model: reply.model, created_at: createdAt(context), response: '' };
  frames.push(`${JSON.stringify({ ...final, done: true, ...finalStatistics(reply) })}\n`);
  return { stream: true, contentType: 'application/x-ndjson', frames, contentIndexes, finishIndex };
}

const errorLine = (message: string): string => `${JSON.stringify({ error: message })}\n`;

/** Ollama `/api/chat`: NDJSON `message` lines ending with a `done: true` line, or one object with `stream: false`. */
export const ollamaChatRenderer: GenerationRenderer = {
  renderJson: renderChatJson,
  renderStream: renderChatStream,
  renderErrorFrame: errorLine,
  renderErrorJson: (message) => JSON.stringify({ error: message }),
  renderMalformedFrame: () => '{"model":"mock","message":{"role":"assistant","content":"x"},"done":false\n',
};

/** Ollama `/api/generate`: like `/api/chat` with `response` (and `thinking`) instead of `message`; no tool calls. */
export const ollamaGenerateRenderer: GenerationRenderer = {
  renderJson: renderGenerateJson,
  renderStream: renderGenerateStream,
  renderErrorFrame: errorLine,
  renderErrorJson: (message) => JSON.stringify({ error: message }),
  renderMalformedFrame: () => '{"model":"mock","response":"x","done":false\n',
};
