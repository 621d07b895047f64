import { InvalidRequestError, type Message } from '@core/types';
import type { ChatMessage } from './worker-messages.js';

function textOf(message: Message, model: string): string {
  if (typeof message.content === 'string') return message.content;
  const parts: string[] = [];
  for (const part of message.content) {
    if (part.type !== 'text') {
      throw new InvalidRequestError({
        provider: 'onnx',
        model,
        code: 'images_unsupported',
        message: 'The onnx provider runs text-generation models only: image parts are not supported',
      });
    }
    parts.push(part.text);
  }
  return parts.join('');
}

/**
 * Our messages as the chat template reads them (`role` and text `content`). Tool calls and tool results
 * become text, as the pipeline's prompted tools write them: these models have no native tool calling.
 * Throws `InvalidRequestError` for image parts.
 */
export function convertToChatMessages(messages: readonly Message[], model: string): ChatMessage[] {
  return messages.map((message): ChatMessage => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user':
        return { role: 'user', content: textOf(message, model) };
      case 'assistant': {
        if (message.toolCalls === undefined || message.toolCalls.length === 0) {
          return { role: 'assistant', content: message.content };
        }
        const calls = message.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments }));
        const json = JSON.stringify({ tool_calls: calls });
        return { role: 'assistant', content: message.content === '' ? json : `${message.content}\n${json}` };
      }
      case 'tool':
        return {
          role: 'user',
          content: `Result of the tool ${message.toolName ?? message.toolCallId}${message.isError ? ' (failed)' : ''}: ${message.content}`,
        };
      default:
        throw new TypeError(`Unknown message role: ${(message as { role: unknown }).role}`);
    }
  });
}
