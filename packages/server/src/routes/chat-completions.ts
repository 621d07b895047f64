import { randomUUID } from 'node:crypto';
import type { GenerateStream } from '@core/types';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { abortOnClose } from '../abort-on-close.js';
import { toErrorReply } from '../error-handler.js';
import {
  toChatCompletion,
  toGenerateOptions,
  toMessages,
  toWireFinishReason,
  toWireToolCall,
  toWireUsage,
} from '../openai-wire.js';
import { rethrowOptionError } from '../request-error.js';
import type { ResolveLlm } from '../resolve-llm.js';
import type { ChatCompletionRequest } from '../schemas/chat-completion-request.js';
import type { ChatCompletion, ChatCompletionChunk, WireDelta } from '../schemas/chat-completion-response.js';
import { chatCompletionsRouteSchema } from '../schemas/chat-completions.js';
import { eventSerializer, startSse } from '../write-sse.js';

/** Options of the `/v1/chat/completions` route plugin. */
export interface ChatCompletionsRoutesOptions {
  /** Finds the LLM for the request's `model` (`resolve-llm.ts`). */
  resolveLlm: ResolveLlm;
}

interface StreamIdentity {
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
}

/**
 * Relays our chunks as OpenAI's `chat.completion.chunk` events: a first delta with the role, then content,
 * reasoning and complete tool calls as they arrive (each call one `delta.tool_calls` entry with its index, id,
 * type and function), a last choice with `finish_reason`, and with `include_usage` a final `choices: []`
 * event with the usage. Every event goes through the route's compiled chunk serializer.
 */
async function relayChunks(
  reply: FastifyReply,
  stream: GenerateStream,
  identity: StreamIdentity,
  signal: AbortSignal,
): Promise<void> {
  const serialize = eventSerializer<ChatCompletionChunk>(reply);
  const sse = startSse(reply);
  // One envelope and one choice, updated in place: the serializer reads them synchronously on each send.
  const choice: ChatCompletionChunk['choices'][number] = {
    index: 0,
    delta: { role: 'assistant', content: '' },
    logprobs: null,
    finish_reason: null,
  };
  const choices = [choice];
  const event: ChatCompletionChunk = {
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    choices,
    // OpenAI sends `usage: null` on every event before the usage event when it was asked for.
    ...(identity.includeUsage ? { usage: null } : {}),
  };
  let toolCallIndex = 0;
  try {
    sse.send(serialize(event));
    for await (const chunk of stream) {
      const delta: WireDelta = {};
      let hasDelta = false;
      if (chunk.content !== '') {
        delta.content = chunk.content;
        hasDelta = true;
      }
      if (chunk.reasoning !== undefined && chunk.reasoning !== '') {
        delta.reasoning_content = chunk.reasoning;
        hasDelta = true;
      }
      if (chunk.toolCalls !== undefined && chunk.toolCalls.length > 0) {
        delta.tool_calls = chunk.toolCalls.map((call) => ({
          index: toolCallIndex++,
          ...toWireToolCall(call),
        }));
        hasDelta = true;
      }
      if (hasDelta) {
        choice.delta = delta;
        const pending = sse.send(serialize(event));
        if (pending !== undefined) await pending;
      }
      if (chunk.finishReason !== undefined) {
        choice.delta = {};
        choice.finish_reason = toWireFinishReason(chunk.finishReason);
        sse.send(serialize(event));
        if (identity.includeUsage) {
          event.choices = [];
          event.usage = toWireUsage(chunk.usage) ?? null;
          sse.send(serialize(event));
        }
      }
    }
    sse.sendDone();
  } catch (error) {
    // A client that left needs nothing more; anyone else learns why the stream stopped, in OpenAI's in-band form.
    if (!signal.aborted) sse.sendError(toErrorReply(error).body);
  } finally {
    sse.end();
  }
}

/**
 * `POST /v1/chat/completions`, as OpenAI's clients call it: messages, tools and tool results, `tool_choice`,
 * `response_format`, sampling options, and `stream` with `stream_options.include_usage`. The request's
 * `model` picks the LLM and model (`provider/model`, an alias, or a bare name: see `resolve-llm.ts`).
 */
export const chatCompletionsRoutes: FastifyPluginAsync<ChatCompletionsRoutesOptions> = async (
  app,
  { resolveLlm },
) => {
  app.post<{ Body: ChatCompletionRequest; Reply: ChatCompletion }>(
    '/v1/chat/completions',
    { schema: chatCompletionsRouteSchema },
    async (request, reply) => {
      const body = request.body;
      const messages = toMessages(body.messages);
      const options = toGenerateOptions(body);
      const { llm, model } = resolveLlm(body.model);
      if (model === undefined) delete options.model;
      else options.model = model;
      const signal = abortOnClose(reply);
      options.signal = signal;
      const identity = {
        id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
        created: Math.floor(Date.now() / 1000),
      };
      if (body.stream === true) {
        const stream = await llm.agenerate(messages, { ...options, stream: true }).catch(rethrowOptionError);
        await relayChunks(
          reply,
          stream,
          {
            ...identity,
            model: body.model ?? llm.model ?? 'unknown',
            includeUsage: body.stream_options?.include_usage === true,
          },
          signal,
        );
        return;
      }
      const response = await llm.agenerate(messages, { ...options, stream: false }).catch(rethrowOptionError);
      return toChatCompletion(response, identity);
    },
  );
};
