import type { OpenAIInstructionRole, OpenAIWireMessage } from './openai-api.js';

/**
 * Puts instructions under the role the model takes: openai-compatible converts our messages and sends
 * the system prompt as `system`; reasoning models want `developer`, and o1-mini/o1-preview only `user`.
 * Returns the same array when nothing changes.
 */
export function convertToOpenAIMessages(
  messages: OpenAIWireMessage[],
  instructionRole: OpenAIInstructionRole,
): OpenAIWireMessage[] {
  if (instructionRole === 'system') return messages;
  return messages.map((message) =>
    message.role === 'system' ? { role: instructionRole, content: message.content } : message,
  );
}
