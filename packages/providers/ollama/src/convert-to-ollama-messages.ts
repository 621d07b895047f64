import { type ContentPart, InvalidRequestError, type Message } from '@core/types';
import type { OllamaWireMessage, OllamaWireToolCall } from './ollama-api.js';
import { ollamaProvider } from './ollama-options.js';

// A URL scheme (`https:`, `data:`, `file:`); base64 has no colon, so a bare base64 string never matches.
const schemePattern = /^[a-z][a-z0-9+.-]*:/i;

// Ollama takes images only as base64 in `images` (ollama-api.md, "Chat request (with images)"): bytes are
// encoded, a data URL is cut to its payload, a bare base64 string passes as is. The server never fetches a
// URL, so a remote one fails here, before any request, rather than as a confusing model error.
function imageToBase64(image: string | URL | Uint8Array): string {
  if (image instanceof Uint8Array) return Buffer.from(image).toString('base64');
  const text = image instanceof URL ? image.href : image;
  if (text.startsWith('data:')) {
    const comma = text.indexOf(',');
    if (comma === -1 || !text.slice(0, comma).endsWith(';base64')) {
      throw new InvalidRequestError({
        provider: ollamaProvider,
        message: 'ollama: an image data URL must be base64-encoded (data:<type>;base64,<data>)',
      });
    }
    return text.slice(comma + 1);
  }
  if (schemePattern.test(text)) {
    throw new InvalidRequestError({
      provider: ollamaProvider,
      message:
        `ollama: images must be bytes, a data: URL or base64; Ollama does not fetch URLs ` +
        `(got ${text.slice(0, text.indexOf(':') + 1)} URL). Download the image and pass its bytes.`,
    });
  }
  return text;
}

function convertUserParts(parts: readonly ContentPart[]): { content: string; images?: string[] } {
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of parts) {
    if (part.type === 'text') texts.push(part.text);
    else images.push(imageToBase64(part.image));
  }
  return images.length === 0 ? { content: texts.join('') } : { content: texts.join(''), images };
}

/**
 * Our messages to `/api/chat` messages. Images go to `images` as base64; assistant tool calls go back with
 * object arguments; a tool result carries `tool_name`, which Ollama uses to match it to the call (the wire
 * has no call ids), taken from the result or else from the assistant call it answers. Reasoning goes back
 * as `thinking`, which thinking models' templates use to continue after a tool call. Throws an
 * `InvalidRequestError` for an image given as a remote URL.
 */
export function convertToOllamaMessages(messages: readonly Message[]): OllamaWireMessage[] {
  const toolNames = new Map<string, string>(); // tool-call id → name, the latest call with that id wins
  return messages.map((message): OllamaWireMessage => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user':
        return typeof message.content === 'string'
          ? { role: 'user', content: message.content }
          : { role: 'user', ...convertUserParts(message.content) };
      case 'assistant': {
        const wire: OllamaWireMessage = { role: 'assistant', content: message.content };
        if (message.reasoning !== undefined && message.reasoning !== '') wire.thinking = message.reasoning;
        if (message.toolCalls !== undefined && message.toolCalls.length > 0) {
          wire.tool_calls = message.toolCalls.map((call): OllamaWireToolCall => {
            toolNames.set(call.id, call.name);
            // Arguments that never parsed are `{}` here: Ollama only takes an object.
            return { function: { name: call.name, arguments: call.arguments } };
          });
        }
        return wire;
      }
      case 'tool': {
        const toolName = message.toolName ?? toolNames.get(message.toolCallId);
        return toolName === undefined
          ? { role: 'tool', content: message.content }
          : { role: 'tool', content: message.content, tool_name: toolName };
      }
      default:
        throw new TypeError(`Unknown message role: ${(message as { role: unknown }).role}`);
    }
  });
}
