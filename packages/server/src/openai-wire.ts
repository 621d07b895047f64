import type {
  ContentPart,
  FinishReason,
  GenerateOptions,
  GenerateResponse,
  Message,
  ToolCall,
  ToolChoice,
  ToolDefinition,
  Usage,
} from '@core/types';
import { RequestError } from './request-error.js';
import type {
  ChatCompletionRequest,
  WireContentPart,
  WireMessage,
  WireToolCall,
  WireToolChoice,
} from './schemas/chat-completion-request.js';
import type { ChatCompletion, WireFinishReason, WireUsage } from './schemas/chat-completion-response.js';

function invalid(message: string, param: string, code = 'invalid_value'): RequestError {
  return new RequestError({ status: 400, message, param, code });
}

// System, developer, assistant and tool messages carry text only: their parts are joined.
function textOf(content: WireMessage['content'], param: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  const parts: string[] = [];
  content.forEach((part, index) => {
    if (part.type === 'text' && typeof part.text === 'string') parts.push(part.text);
    else if (part.type === 'refusal' && typeof part.refusal === 'string') parts.push(part.refusal);
    else throw invalid(`Content parts of type '${part.type}' are not supported here`, `${param}[${index}]`);
  });
  return parts.join('');
}

function userContent(content: WireMessage['content'], param: string): string | ContentPart[] {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part: WireContentPart, index): ContentPart => {
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
    if (part.type === 'image_url' && part.image_url !== undefined) {
      return { type: 'image', image: part.image_url.url };
    }
    throw invalid(
      `Content parts of type '${part.type}' are not supported`,
      `${param}[${index}]`,
      'unsupported',
    );
  });
}

/** An incoming tool call's JSON `arguments` parsed once; text that is not a JSON object is kept beside `{}`. */
function parseToolCall(call: WireToolCall): ToolCall {
  const text = call.function.arguments;
  try {
    const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return { id: call.id, name: call.function.name, arguments: parsed as Record<string, unknown> };
    }
  } catch {
    // Not JSON: kept as invalidArguments below, as the providers do with a model's broken arguments.
  }
  return { id: call.id, name: call.function.name, arguments: {}, invalidArguments: text };
}

/** OpenAI messages to ours: `developer` is a system message; a tool result learns its tool's name by call id. */
export function toMessages(messages: readonly WireMessage[]): Message[] {
  const toolNames = new Map<string, string>(); // tool call id → tool name, for wires that need the name
  return messages.map((message, index): Message => {
    const param = `messages[${index}].content`;
    switch (message.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: textOf(message.content, param) };
      case 'user':
        return { role: 'user', content: userContent(message.content, param) };
      case 'assistant': {
        const toolCalls = (message.tool_calls ?? []).map(parseToolCall);
        for (const call of toolCalls) toolNames.set(call.id, call.name);
        return {
          role: 'assistant',
          content: textOf(message.content, param),
          ...(toolCalls.length > 0 ? { toolCalls } : {}),
        };
      }
      case 'tool': {
        const toolCallId = message.tool_call_id ?? '';
        const toolName = toolNames.get(toolCallId);
        return {
          role: 'tool',
          toolCallId,
          content: textOf(message.content, param),
          ...(toolName === undefined ? {} : { toolName }),
        };
      }
      default:
        throw invalid(
          `Unsupported role '${String((message as { role: unknown }).role)}'`,
          `messages[${index}].role`,
        );
    }
  });
}

function toToolChoice(choice: WireToolChoice): ToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name };
}

/**
 * The options of a Chat Completions request as `GenerateOptions` (messages go separately, through
 * `toMessages`); `response_format` becomes `responseFormat`, which every provider honours in its own way
 * (a JSON schema mode, forced tool use, or the schema in the prompt).
 */
export function toGenerateOptions(body: ChatCompletionRequest): GenerateOptions {
  const options: GenerateOptions = {};
  if (body.model !== undefined) options.model = body.model;
  if (body.temperature != null) options.temperature = body.temperature;
  if (body.top_p != null) options.topP = body.top_p;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) options.maxTokens = maxTokens;
  if (body.stop != null) options.stop = body.stop;
  if (body.seed != null) options.seed = body.seed;
  if (body.tools != null && body.tools.length > 0) {
    options.tools = body.tools.map(
      (tool): ToolDefinition => ({
        name: tool.function.name,
        ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
        // OpenAI allows a tool without parameters: it takes none.
        parameters: tool.function.parameters ?? { type: 'object', properties: {} },
      }),
    );
  }
  if (body.tool_choice != null) options.toolChoice = toToolChoice(body.tool_choice);
  const format = body.response_format;
  if (format?.type === 'json_object') options.responseFormat = { type: 'json' };
  else if (format?.type === 'json_schema') {
    options.responseFormat = {
      type: 'json',
      ...(format.json_schema?.schema === undefined ? {} : { schema: format.json_schema.schema }),
      ...(format.json_schema?.name === undefined ? {} : { name: format.json_schema.name }),
    };
  }
  return options;
}

/** Our finish reason in OpenAI's vocabulary; `other` and `error` have no OpenAI value and read as `stop`. */
export function toWireFinishReason(reason: FinishReason): WireFinishReason {
  switch (reason) {
    case 'length':
    case 'tool_calls':
    case 'content_filter':
      return reason;
    default:
      return 'stop';
  }
}

/** Our usage in OpenAI's shape, or `undefined` when the provider did not report both counts (never zeros). */
export function toWireUsage(usage: Usage | undefined): WireUsage | undefined {
  if (usage?.inputTokens === undefined || usage.outputTokens === undefined) return undefined;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens ?? usage.inputTokens + usage.outputTokens,
    ...(usage.cachedInputTokens === undefined
      ? {}
      : { prompt_tokens_details: { cached_tokens: usage.cachedInputTokens } }),
    ...(usage.reasoningTokens === undefined
      ? {}
      : { completion_tokens_details: { reasoning_tokens: usage.reasoningTokens } }),
  };
}

/** A tool call in OpenAI's shape: arguments as the JSON text (the model's own text when it did not parse). */
export function toWireToolCall(call: ToolCall): WireToolCall {
  return {
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.invalidArguments ?? JSON.stringify(call.arguments) },
  };
}

/** A response as a `chat.completion`; content is `null` when the model only called tools, as OpenAI sends it. */
export function toChatCompletion(
  response: GenerateResponse,
  identity: { id: string; created: number },
): ChatCompletion {
  const toolCalls = response.toolCalls.map(toWireToolCall);
  const usage = toWireUsage(response.usage);
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: response.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: response.content === '' && toolCalls.length > 0 ? null : response.content,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(response.reasoning === undefined ? {} : { reasoning_content: response.reasoning }),
        },
        logprobs: null,
        finish_reason: toWireFinishReason(response.finishReason),
      },
    ],
    ...(usage === undefined ? {} : { usage }),
  };
}
