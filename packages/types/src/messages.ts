/** Text inside a message. */
export interface TextPart {
  type: 'text';
  text: string;
}

/**
 * An image inside a user message: a URL (`https:` or `data:`), or the bytes themselves.
 * `mediaType` (e.g. `image/png`) is required by some providers when bytes are given.
 */
export interface ImagePart {
  type: 'image';
  image: string | URL | Uint8Array;
  mediaType?: string;
}

/** One part of a user message's content. */
export type ContentPart = TextPart | ImagePart;

/** A tool call the model asked for, with its arguments already parsed from JSON. */
export interface ToolCall {
  /** The provider's id for the call; tool results refer to it. */
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  /** The raw argument text when the model sent JSON that did not parse; `arguments` is then `{}`. */
  invalidArguments?: string;
}

/**
 * A piece of the model's reasoning that a provider needs back to continue the conversation,
 * such as Anthropic's signed thinking blocks or its opaque redacted thinking.
 */
export interface ReasoningBlock {
  text: string;
  /** Integrity signature the provider requires when the block is sent back. */
  signature?: string;
  /** Opaque data of a redacted block; `text` is empty then. */
  redactedData?: string;
}

export interface SystemMessage {
  role: 'system';
  content: string;
}

export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
}

export interface AssistantMessage {
  role: 'assistant';
  content: string;
  toolCalls?: ToolCall[];
  /** The reasoning text, for display. */
  reasoning?: string;
  /** What the provider needs to continue after reasoning (signatures, redacted blocks). */
  reasoningBlocks?: ReasoningBlock[];
}

/** The result of running a tool, sent back to the model. */
export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  /** The tool's name; some wires (Ollama, prompted tools) need it. */
  toolName?: string;
  content: string;
  /** The tool failed; `content` holds the error text the model should see. */
  isError?: boolean;
}

/** One message of a conversation. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;
