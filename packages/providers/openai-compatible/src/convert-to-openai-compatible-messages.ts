import type { ContentPart, Message } from '@core/types';
import type { WireContentPart, WireMessage } from './openai-compatible-api.js';
import type { ChatCompletionsModelRules } from './openai-compatible-preset.js';

// Bytes travel as a data URL; strings and URLs are sent as given (https: or data:).
function imageUrl(image: string | URL | Uint8Array, mediaType: string | undefined): string {
  if (typeof image === 'string') return image;
  if (image instanceof URL) return image.href;
  return `data:${mediaType ?? 'image/png'};base64,${Buffer.from(image).toString('base64')}`;
}

function convertParts(parts: readonly ContentPart[]): WireContentPart[] {
  return parts.map((part) =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : { type: 'image_url', image_url: { url: imageUrl(part.image, part.mediaType) } },
  );
}

/**
 * Our messages to Chat Completions messages, in one pass. System messages go under the role the model
 * takes instructions in (`developer` on OpenAI's reasoning models, `user` on o1-mini). Reasoning is not
 * sent back: DeepSeek rejects `reasoning_content` in input, and the others ignore it.
 */
export function convertToOpenAICompatibleMessages(
  messages: readonly Message[],
  instructionRole: ChatCompletionsModelRules['instructionRole'],
): WireMessage[] {
  return messages.map((message): WireMessage => {
    switch (message.role) {
      case 'system':
        return { role: instructionRole, content: message.content };
      case 'user':
        return {
          role: 'user',
          content: typeof message.content === 'string' ? message.content : convertParts(message.content),
        };
      case 'assistant':
        return message.toolCalls !== undefined && message.toolCalls.length > 0
          ? {
              role: 'assistant',
              content: message.content === '' ? null : message.content,
              tool_calls: message.toolCalls.map((call) => ({
                id: call.id,
                type: 'function',
                function: {
                  name: call.name,
                  arguments: call.invalidArguments ?? JSON.stringify(call.arguments),
                },
              })),
            }
          : { role: 'assistant', content: message.content };
      case 'tool':
        return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
      default:
        throw new TypeError(`Unknown message role: ${(message as { role: unknown }).role}`);
    }
  });
}
