import type { ContentPart, FinishReason, Message, ToolCall } from '@core/types';

// The shapes of `gen_ai.input.messages` / `gen_ai.output.messages` (the conventions' input and output
// messages JSON schemas), recorded on spans as JSON strings: spans take no structured attribute values yet.

type Part =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string; result: string }
  | { type: 'uri'; modality: 'image'; uri: string }
  | { type: 'blob'; modality: 'image'; mime_type?: string };

function userParts(content: string | ContentPart[]): Part[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  return content.map((part): Part => {
    if (part.type === 'text') return { type: 'text', content: part.text };
    const { image } = part;
    // A URL is a reference worth keeping; image bytes are not copied into a span.
    if (image instanceof URL) return { type: 'uri', modality: 'image', uri: image.href };
    if (typeof image === 'string' && /^https?:/.test(image))
      return { type: 'uri', modality: 'image', uri: image };
    return {
      type: 'blob',
      modality: 'image',
      ...(part.mediaType === undefined ? {} : { mime_type: part.mediaType }),
    };
  });
}

function toolCallParts(toolCalls: readonly ToolCall[] | undefined): Part[] {
  return (toolCalls ?? []).map((call) => ({
    type: 'tool_call',
    id: call.id,
    name: call.name,
    arguments: call.arguments,
  }));
}

/** `gen_ai.input.messages`: the conversation as sent, in order. */
export function inputMessagesJson(messages: readonly Message[]): string {
  return JSON.stringify(
    messages.map((message) => {
      switch (message.role) {
        case 'system':
          return { role: 'system', parts: [{ type: 'text', content: message.content }] };
        case 'user':
          return { role: 'user', parts: userParts(message.content) };
        case 'assistant':
          return {
            role: 'assistant',
            parts: [
              ...(message.content === '' ? [] : [{ type: 'text', content: message.content }]),
              ...toolCallParts(message.toolCalls),
            ],
          };
        default:
          // A tool result.
          return {
            role: 'tool',
            parts: [{ type: 'tool_call_response', id: message.toolCallId, result: message.content }],
          };
      }
    }),
  );
}

/** `gen_ai.output.messages`: the answer, one message (one choice). */
export function outputMessagesJson(
  content: string,
  toolCalls: readonly ToolCall[],
  finishReason: FinishReason | undefined,
): string {
  return JSON.stringify([
    {
      role: 'assistant',
      parts: [...(content === '' ? [] : [{ type: 'text', content }]), ...toolCallParts(toolCalls)],
      finish_reason: finishReason ?? 'other',
    },
  ]);
}
