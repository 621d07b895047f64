import type { Wire } from '../reply.js';

/** The id the mock puts in an OpenAI completion's body and in every one of its stream chunks. */
export function openAICompletionId(requestId: number): string {
  return `chatcmpl-mock-${requestId}`;
}

/** The id the mock puts in an Anthropic message's body and in its stream's `message_start`. */
export function anthropicMessageId(requestId: number): string {
  return `msg_mock_${requestId}`;
}

/**
 * The id the mock gave the completion of recorded request `requestId` (`RecordedRequest.id`) on `wire`,
 * so a test can check the exact id a client read from the body; undefined for Ollama, whose wire has none.
 */
export function mockResponseId(wire: Wire, requestId: number): string | undefined {
  switch (wire) {
    case 'openai':
      return openAICompletionId(requestId);
    case 'anthropic':
      return anthropicMessageId(requestId);
    default:
      return undefined;
  }
}
