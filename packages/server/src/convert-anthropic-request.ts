import type {
  AssistantMessage,
  ContentPart,
  GenerateOptions,
  Message,
  ReasoningBlock,
  ToolCall,
  ToolChoice,
  ToolMessage,
} from '@core/types';
import { RequestError } from './request-error.js';
import type {
  AnthropicImageBlock,
  AnthropicInputBlock,
  AnthropicInputMessage,
  AnthropicMessagesRequest,
  AnthropicToolChoice,
  AnthropicToolResultBlock,
} from './schemas/anthropic-messages-request.js';

function invalid(message: string, param: string): RequestError {
  return new RequestError({ status: 400, message, param, code: 'invalid_value' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The schema checks only each block's `type`; its other fields are checked here, where they are read.
function requireString(block: object, field: string, param: string): string {
  const value = (block as Record<string, unknown>)[field];
  if (typeof value !== 'string') throw invalid(`${param}.${field} must be a string`, `${param}.${field}`);
  return value;
}

function toImagePart(block: AnthropicImageBlock, param: string): ContentPart {
  const source = (block as { source?: unknown }).source;
  if (isObject(source) && source.type === 'base64') {
    const mediaType = requireString(source, 'media_type', `${param}.source`);
    const data = requireString(source, 'data', `${param}.source`);
    return { type: 'image', image: `data:${mediaType};base64,${data}`, mediaType };
  }
  if (isObject(source) && source.type === 'url') {
    return { type: 'image', image: requireString(source, 'url', `${param}.source`) };
  }
  throw invalid(`${param}.source must be a base64 or url image source`, `${param}.source`);
}

// Our tool messages carry text: a result's text blocks are joined; an image in a result has nowhere to go.
function toolResultText(block: AnthropicToolResultBlock, param: string): string {
  const content = block.content;
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content))
    throw invalid(`${param}.content must be a string or blocks`, `${param}.content`);
  const parts: string[] = [];
  content.forEach((part, index) => {
    const partParam = `${param}.content[${index}]`;
    if (isObject(part) && part.type === 'text') parts.push(requireString(part, 'text', partParam));
    else throw invalid(`Tool results may hold text blocks only, not '${String(part?.type)}'`, partParam);
  });
  return parts.join('');
}

function unsupportedBlock(block: AnthropicInputBlock, role: string, param: string): RequestError {
  return invalid(`Content blocks of type '${block.type}' are not supported in ${role} messages`, param);
}

/**
 * A user turn: its `tool_result` blocks become our tool messages, placed first (Anthropic puts results ahead of
 * any new text), then the text and images as one user message when there are any.
 */
function convertUserTurn(
  content: AnthropicInputBlock[],
  param: string,
  toolNames: ReadonlyMap<string, string>,
  into: Message[],
): void {
  const parts: ContentPart[] = [];
  content.forEach((block, index) => {
    const blockParam = `${param}[${index}]`;
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: requireString(block, 'text', blockParam) });
        break;
      case 'image':
        parts.push(toImagePart(block, blockParam));
        break;
      case 'tool_result': {
        const toolCallId = requireString(block, 'tool_use_id', blockParam);
        const toolName = toolNames.get(toolCallId);
        const message: ToolMessage = {
          role: 'tool',
          toolCallId,
          content: toolResultText(block, blockParam),
          ...(toolName === undefined ? {} : { toolName }),
          ...(block.is_error === true ? { isError: true } : {}),
        };
        into.push(message);
        break;
      }
      default:
        throw unsupportedBlock(block, 'user', blockParam);
    }
  });
  if (parts.length > 0) into.push({ role: 'user', content: parts });
}

function convertAssistantTurn(
  content: AnthropicInputBlock[],
  param: string,
  toolNames: Map<string, string>,
): AssistantMessage {
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  const reasoningBlocks: ReasoningBlock[] = [];
  content.forEach((block, index) => {
    const blockParam = `${param}[${index}]`;
    switch (block.type) {
      case 'text':
        texts.push(requireString(block, 'text', blockParam));
        break;
      case 'tool_use': {
        const id = requireString(block, 'id', blockParam);
        const name = requireString(block, 'name', blockParam);
        if (!isObject(block.input))
          throw invalid(`${blockParam}.input must be an object`, `${blockParam}.input`);
        toolNames.set(id, name);
        toolCalls.push({ id, name, arguments: block.input });
        break;
      }
      case 'thinking':
        reasoningBlocks.push({
          text: requireString(block, 'thinking', blockParam),
          ...(typeof block.signature === 'string' ? { signature: block.signature } : {}),
        });
        break;
      case 'redacted_thinking':
        reasoningBlocks.push({ text: '', redactedData: requireString(block, 'data', blockParam) });
        break;
      default:
        throw unsupportedBlock(block, 'assistant', blockParam);
    }
  });
  const reasoning = reasoningBlocks
    .map((block) => block.text)
    .filter((text) => text !== '')
    .join('');
  return {
    role: 'assistant',
    content: texts.join(''),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(reasoningBlocks.length > 0 ? { reasoningBlocks } : {}),
    ...(reasoning === '' ? {} : { reasoning }),
  };
}

/**
 * An Anthropic request's `system` and `messages` as our messages: `system` first (its text blocks joined by a
 * blank line), `tool_use` blocks as tool calls, `tool_result` blocks as tool messages that know their tool's
 * name by call id. Throws a 400 `RequestError` naming a block this server cannot carry.
 */
export function toMessagesFromAnthropic(
  system: AnthropicMessagesRequest['system'],
  messages: readonly AnthropicInputMessage[],
): Message[] {
  const converted: Message[] = [];
  if (typeof system === 'string') {
    if (system !== '') converted.push({ role: 'system', content: system });
  } else if (system !== undefined && system.length > 0) {
    converted.push({ role: 'system', content: system.map((block) => block.text).join('\n\n') });
  }
  const toolNames = new Map<string, string>(); // tool_use id → tool name, for wires that need the name
  messages.forEach((message, index) => {
    const param = `messages[${index}].content`;
    if (typeof message.content === 'string') {
      converted.push({ role: message.role, content: message.content });
    } else if (message.role === 'user') {
      convertUserTurn(message.content, param, toolNames, converted);
    } else {
      converted.push(convertAssistantTurn(message.content, param, toolNames));
    }
  });
  return converted;
}

// Anthropic's `any` is "some tool, the model picks", which is our `required`.
function toToolChoice(choice: AnthropicToolChoice): ToolChoice {
  switch (choice.type) {
    case 'any':
      return 'required';
    case 'tool':
      return { name: choice.name };
    case 'none':
      return 'none';
    default:
      return 'auto';
  }
}

/** The options of a Messages request as `GenerateOptions` (messages go separately, through `toMessagesFromAnthropic`). */
export function toGenerateOptionsFromAnthropic(body: AnthropicMessagesRequest): GenerateOptions {
  const options: GenerateOptions = { model: body.model, maxTokens: body.max_tokens };
  if (body.temperature !== undefined) options.temperature = body.temperature;
  if (body.top_p !== undefined) options.topP = body.top_p;
  if (body.top_k !== undefined) options.topK = body.top_k;
  if (body.stop_sequences !== undefined && body.stop_sequences.length > 0) options.stop = body.stop_sequences;
  if (body.tools !== undefined && body.tools.length > 0) {
    options.tools = body.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.input_schema,
    }));
  }
  if (body.tool_choice !== undefined) options.toolChoice = toToolChoice(body.tool_choice);
  return options;
}
