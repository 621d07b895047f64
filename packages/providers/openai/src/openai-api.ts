// OpenAI's Chat Completions wire beyond what @provider/openai-compatible already types: only the fields
// OpenAI adds and we send. Reference: ../shared/specs/openai-openapi.yaml (CreateChatCompletionRequest,
// ChatCompletionTool, ResponseFormatJsonSchema, ReasoningEffort).
import type { ChatCompletionRequestBody } from '@provider/openai-compatible';

/** One message of a Chat Completions request body, as openai-compatible builds it. */
export type OpenAIWireMessage = ChatCompletionRequestBody['messages'][number];

/** A function tool as openai-compatible builds it, before OpenAI's `strict` flag is decided. */
export type OpenAIWireToolInput = NonNullable<ChatCompletionRequestBody['tools']>[number];

/** A function tool as OpenAI takes it: `strict: true` makes the arguments always match `parameters`. */
export interface OpenAIWireTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters: Record<string, unknown>;
    strict?: boolean;
  };
}

/** The `response_format` of a request, as openai-compatible builds it. */
export type OpenAIWireResponseFormat = NonNullable<ChatCompletionRequestBody['response_format']>;

/**
 * The role a model takes its instructions under: `developer` on reasoning models, `system` on the others,
 * `user` on o1-mini and o1-preview, which reject both (derived/pydantic-ai__test_openai_o1_mini_system_role-developer).
 */
export type OpenAIInstructionRole = 'system' | 'developer' | 'user';
