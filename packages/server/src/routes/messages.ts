import { randomUUID } from 'node:crypto';
import type { GenerateStream, Usage } from '@core/types';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { abortOnClose } from '../abort-on-close.js';
import { handleAnthropicError, toAnthropicErrorReply } from '../anthropic-error-reply.js';
import { toGenerateOptionsFromAnthropic, toMessagesFromAnthropic } from '../convert-anthropic-request.js';
import {
  toAnthropicMessage,
  toAnthropicStopReason,
  toAnthropicStopSequence,
  toAnthropicToolUse,
  toAnthropicUsage,
} from '../convert-to-anthropic-message.js';
import { rethrowOptionError } from '../request-error.js';
import type { ResolveLlm } from '../resolve-llm.js';
import { anthropicMessagesRouteSchema } from '../schemas/anthropic-messages.js';
import type { AnthropicMessagesRequest } from '../schemas/anthropic-messages-request.js';
import type { AnthropicMessage, AnthropicStopReason } from '../schemas/anthropic-messages-response.js';
import { startAnthropicSse } from '../write-anthropic-sse.js';

/** Options of the `/v1/messages` route plugin. */
export interface MessagesRoutesOptions {
  /** Finds the LLM for the request's `model` (`resolve-llm.ts`). */
  resolveLlm: ResolveLlm;
}

interface StreamIdentity {
  id: string;
  model: string;
  stopSequences: readonly string[] | undefined;
  requestId: string;
}

/**
 * Relays our chunks as Anthropic's event sequence: `message_start`; text as one `text` block of
 * `text_delta`s, each complete tool call as a `tool_use` block with its whole input in one `input_json_delta`
 * (our chunks carry calls complete); a `content_block_stop` per block; `message_delta` with the stop reason and
 * usage; `message_stop`. A failure after the headers is Anthropic's in-band `error` event.
 */
async function relayEvents(
  reply: FastifyReply,
  stream: GenerateStream,
  identity: StreamIdentity,
  signal: AbortSignal,
): Promise<void> {
  const sse = startAnthropicSse(reply);
  let blockIndex = 0;
  let textBlockOpen = false;
  let stopReason: AnthropicStopReason = 'end_turn';
  let usage: Usage | undefined;
  let model = identity.model;
  const closeTextBlock = (): void => {
    if (!textBlockOpen) return;
    sse.send({ type: 'content_block_stop', index: blockIndex });
    textBlockOpen = false;
    blockIndex++;
  };
  try {
    const start: AnthropicMessage = {
      id: identity.id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // Our chunks report usage only on the last one: the counts go out in `message_delta`, whose
      // `input_tokens` Anthropic's SDKs take over the 0 here.
      usage: toAnthropicUsage(undefined),
    };
    sse.send({ type: 'message_start', message: start });
    for await (const chunk of stream) {
      if (chunk.content !== '') {
        if (!textBlockOpen) {
          sse.send({
            type: 'content_block_start',
            index: blockIndex,
            content_block: { type: 'text', text: '', citations: null },
          });
          textBlockOpen = true;
        }
        const pending = sse.send({
          type: 'content_block_delta',
          index: blockIndex,
          delta: { type: 'text_delta', text: chunk.content },
        });
        if (pending !== undefined) await pending;
      }
      if (chunk.toolCalls !== undefined && chunk.toolCalls.length > 0) {
        closeTextBlock();
        for (const call of chunk.toolCalls) {
          const block = toAnthropicToolUse(call);
          // Anthropic opens a tool_use block with an empty input and streams the input as JSON text.
          sse.send({
            type: 'content_block_start',
            index: blockIndex,
            content_block: { ...block, input: {} },
          });
          sse.send({
            type: 'content_block_delta',
            index: blockIndex,
            delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
          });
          sse.send({ type: 'content_block_stop', index: blockIndex });
          blockIndex++;
        }
      }
      if (chunk.finishReason !== undefined) {
        stopReason = toAnthropicStopReason(chunk.finishReason, chunk.rawFinishReason);
        usage = chunk.usage;
        if (chunk.model !== undefined) model = chunk.model;
      }
    }
    closeTextBlock();
    const finalUsage = toAnthropicUsage(usage);
    sse.send({
      type: 'message_delta',
      delta: {
        stop_reason: stopReason,
        stop_sequence: toAnthropicStopSequence(stopReason, identity.stopSequences),
      },
      usage: {
        input_tokens: finalUsage.input_tokens,
        output_tokens: finalUsage.output_tokens,
        cache_creation_input_tokens: finalUsage.cache_creation_input_tokens,
        cache_read_input_tokens: finalUsage.cache_read_input_tokens,
        server_tool_use: null,
      },
    });
    sse.send({ type: 'message_stop' });
  } catch (error) {
    // A client that left needs nothing more; anyone else learns why the stream stopped, in Anthropic's form.
    if (!signal.aborted) sse.send(toAnthropicErrorReply(error, identity.requestId).body);
  } finally {
    sse.end();
  }
}

/**
 * `POST /v1/messages`, as Anthropic's clients call it: `system`, user and assistant turns with text, image,
 * `tool_use` and `tool_result` blocks, tools and `tool_choice`, stop sequences, sampling options, and `stream`
 * with Anthropic's event sequence. The request's `model` picks the LLM and model (`provider/model`, an alias,
 * or a bare name: see `resolve-llm.ts`). Errors, the auth hook's and the resolver's included, leave in
 * Anthropic's error shape.
 */
export const messagesRoutes: FastifyPluginAsync<MessagesRoutesOptions> = async (app, { resolveLlm }) => {
  app.setErrorHandler(handleAnthropicError);
  app.post<{ Body: AnthropicMessagesRequest; Reply: AnthropicMessage }>(
    '/v1/messages',
    { schema: anthropicMessagesRouteSchema },
    async (request, reply) => {
      const body = request.body;
      const messages = toMessagesFromAnthropic(body.system, body.messages);
      const options = toGenerateOptionsFromAnthropic(body);
      const { llm, model } = resolveLlm(body.model);
      if (model === undefined) delete options.model;
      else options.model = model;
      const signal = abortOnClose(reply);
      options.signal = signal;
      const id = `msg_${randomUUID().replaceAll('-', '')}`;
      if (body.stream === true) {
        const stream = await llm.agenerate(messages, { ...options, stream: true }).catch(rethrowOptionError);
        await relayEvents(
          reply,
          stream,
          { id, model: body.model, stopSequences: body.stop_sequences, requestId: request.id },
          signal,
        );
        return;
      }
      const response = await llm.agenerate(messages, { ...options, stream: false }).catch(rethrowOptionError);
      return toAnthropicMessage(response, id, body.stop_sequences);
    },
  );
};
