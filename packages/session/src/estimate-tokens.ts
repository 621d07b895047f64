import type { Message } from '@core/types';

// About four characters a token for English with the BPE tokenizers providers use; only for budgets
// (rate limits, compaction thresholds) where the model's own tokenizer is not at hand.
const charactersPerToken = 4;

/** A quick token estimate of a text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / charactersPerToken);
}

/** The text of a conversation, as a tokenizer would see it (images and tool calls as their JSON). */
export function conversationText(messages: readonly Message[]): string {
  const parts: string[] = [];
  for (const message of messages) {
    if (typeof message.content === 'string') parts.push(message.content);
    else for (const part of message.content) if (part.type === 'text') parts.push(part.text);
    if (message.role === 'assistant' && message.toolCalls !== undefined)
      parts.push(JSON.stringify(message.toolCalls));
  }
  return parts.join('\n');
}
