import type { AssistantMessage, ContentPart, Message } from '@core/types';
import type { AnthropicImageSource, AnthropicMessage, AnthropicRequestBlock } from './anthropic-api.js';

/** Our messages as the Messages API wants them: the system prompt apart, the rest alternating user/assistant. */
export interface AnthropicPrompt {
  system: string | undefined;
  messages: AnthropicMessage[];
}

// The four formats the API accepts for base64 images (Base64ImageSource.media_type in the spec); the magic
// bytes name the format when the caller did not.
function sniffMediaType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'image/gif';
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46) {
    if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50)
      return 'image/webp';
  }
  return 'image/png';
}

const dataUrlPattern = /^data:([^;,]+)?(;base64)?,(.*)$/s;

function imageSource(image: string | URL | Uint8Array, mediaType: string | undefined): AnthropicImageSource {
  if (image instanceof Uint8Array) {
    return {
      type: 'base64',
      media_type: mediaType ?? sniffMediaType(image),
      data: Buffer.from(image).toString('base64'),
    };
  }
  const url = image instanceof URL ? image.href : image;
  // The API fetches only http(s) URLs; a data: URL has to travel as a base64 source.
  const dataUrl = dataUrlPattern.exec(url);
  if (dataUrl !== null) {
    const payload = dataUrl[3] ?? '';
    return {
      type: 'base64',
      media_type: mediaType ?? dataUrl[1] ?? 'image/png',
      data: dataUrl[2] === undefined ? Buffer.from(decodeURIComponent(payload)).toString('base64') : payload,
    };
  }
  return { type: 'url', url };
}

function convertParts(parts: readonly ContentPart[]): AnthropicRequestBlock[] {
  return parts.map((part) =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : { type: 'image', source: imageSource(part.image, part.mediaType) },
  );
}

// Thinking goes back first, exactly as received: the API checks each signature, and a block without one
// (reasoning from another provider) cannot be verified, so it is left out rather than rejected.
function assistantBlocks(message: AssistantMessage): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [];
  for (const block of message.reasoningBlocks ?? []) {
    if (block.redactedData !== undefined) {
      blocks.push({ type: 'redacted_thinking', data: block.redactedData });
    } else if (block.signature !== undefined) {
      blocks.push({ type: 'thinking', thinking: block.text, signature: block.signature });
    }
  }
  if (message.content !== '') blocks.push({ type: 'text', text: message.content });
  for (const call of message.toolCalls ?? []) {
    // `input` must be an object; arguments that never parsed are sent as the empty object they became.
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
  }
  return blocks;
}

// Text blocks must not be empty (RequestTextBlock.text has minLength 1), so an empty string adds nothing.
function asBlocks(content: string | AnthropicRequestBlock[]): AnthropicRequestBlock[] {
  if (typeof content !== 'string') return content;
  return content === '' ? [] : [{ type: 'text', text: content }];
}

/**
 * Our `Message[]` to the Messages API. System messages, wherever they are, become the top-level `system`
 * (several are joined with a blank line); tool results become `tool_result` blocks of a user message;
 * consecutive messages of the same wire role are merged into one, because the API requires user and
 * assistant turns to alternate. The caller's messages are not changed.
 */
export function convertToAnthropicMessages(messages: readonly Message[]): AnthropicPrompt {
  const systemParts: string[] = [];
  const converted: AnthropicMessage[] = [];

  const append = (role: 'user' | 'assistant', content: string | AnthropicRequestBlock[]): void => {
    const last = converted[converted.length - 1];
    if (last === undefined || last.role !== role) {
      converted.push({ role, content });
      return;
    }
    // A message already in the list may be an array we built; a fresh array keeps it unshared.
    last.content = [...asBlocks(last.content), ...asBlocks(content)];
  };

  for (const message of messages) {
    switch (message.role) {
      case 'system':
        if (message.content !== '') systemParts.push(message.content);
        break;
      case 'user':
        append('user', typeof message.content === 'string' ? message.content : convertParts(message.content));
        break;
      case 'assistant': {
        const hasBlocks =
          (message.reasoningBlocks !== undefined && message.reasoningBlocks.length > 0) ||
          (message.toolCalls !== undefined && message.toolCalls.length > 0);
        append('assistant', hasBlocks ? assistantBlocks(message) : message.content);
        break;
      }
      case 'tool':
        append('user', [
          {
            type: 'tool_result',
            tool_use_id: message.toolCallId,
            content: message.content,
            ...(message.isError === true ? { is_error: true } : {}),
          },
        ]);
        break;
      default:
        throw new TypeError(`Unknown message role: ${(message as { role: unknown }).role}`);
    }
  }
  return { system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined, messages: converted };
}
