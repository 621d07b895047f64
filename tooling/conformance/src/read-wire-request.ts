import type { Wire } from '@tooling/mock-llm';

/** A request body seen the same way whatever the wire, so one suite can check every provider. */
export interface WireRequestView {
  system: string | undefined;
  /** Conversation turns (not system), with their text joined. */
  turns: Array<{ role: string; text: string }>;
  toolNames: string[];
  /** Tool results sent back, with the id they answer where the wire carries one. */
  toolResults: Array<{ id: string | undefined; content: string }>;
  /** Tool calls the assistant made in earlier turns, as sent back. */
  assistantToolCalls: Array<{ id: string | undefined; name: string; arguments: unknown }>;
  images: number;
  temperature: unknown;
  maxTokens: unknown;
  topP: unknown;
  topK: unknown;
  seed: unknown;
  stop: unknown;
  stream: boolean;
  /** Whatever the wire's reasoning controls carry (effort, budget, on/off), as sent; undefined when none. */
  reasoning: unknown;
  /** The wire asked for a JSON answer natively (JSON mode, a schema, or Anthropic's forced JSON tool). */
  jsonMode: boolean;
  /** The wire's tool choice, as sent. */
  toolChoice: unknown;
}

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json =>
  typeof value === 'object' && value !== null ? (value as Json) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => {
      const record = asRecord(part);
      return record.type === 'text' && typeof record.text === 'string' ? record.text : '';
    })
    .join('');
}

function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function readOpenAI(body: Json): WireRequestView {
  const messages = asArray(body.messages).map(asRecord);
  const system = messages.filter((message) => message.role === 'system' || message.role === 'developer');
  return {
    system: system.length === 0 ? undefined : system.map((message) => textOf(message.content)).join('\n'),
    turns: messages
      .filter((message) => message.role !== 'system' && message.role !== 'developer')
      .map((message) => ({ role: String(message.role), text: textOf(message.content) })),
    toolNames: asArray(body.tools).map((tool) => String(asRecord(asRecord(tool).function).name)),
    toolResults: messages
      .filter((message) => message.role === 'tool')
      .map((message) => ({
        id: message.tool_call_id as string | undefined,
        content: textOf(message.content),
      })),
    assistantToolCalls: messages.flatMap((message) =>
      asArray(message.tool_calls).map((call) => {
        const fn = asRecord(asRecord(call).function);
        return {
          id: asRecord(call).id as string | undefined,
          name: String(fn.name),
          arguments: parseArguments(fn.arguments),
        };
      }),
    ),
    images: messages
      .flatMap((message) => asArray(message.content))
      .filter((part) => asRecord(part).type === 'image_url').length,
    temperature: body.temperature,
    maxTokens: body.max_tokens ?? body.max_completion_tokens,
    topP: body.top_p,
    topK: body.top_k,
    seed: body.seed,
    stop: body.stop,
    stream: body.stream === true,
    // OpenAI's reasoning_effort, OpenRouter's reasoning object, vLLM's chat-template switches.
    reasoning: body.reasoning_effort ?? body.reasoning ?? body.chat_template_kwargs,
    jsonMode: body.response_format !== undefined || body.guided_json !== undefined,
    toolChoice: body.tool_choice,
  };
}

function readAnthropic(body: Json): WireRequestView {
  const messages = asArray(body.messages).map(asRecord);
  const blocks = messages.flatMap((message) => asArray(message.content).map(asRecord));
  return {
    system: body.system === undefined ? undefined : textOf(body.system),
    turns: messages
      .map((message) => ({ role: String(message.role), text: textOf(message.content) }))
      .filter((turn) => turn.text !== '' || turn.role === 'assistant'),
    toolNames: asArray(body.tools).map((tool) => String(asRecord(tool).name)),
    toolResults: blocks
      .filter((block) => block.type === 'tool_result')
      .map((block) => ({ id: block.tool_use_id as string | undefined, content: textOf(block.content) })),
    assistantToolCalls: blocks
      .filter((block) => block.type === 'tool_use')
      .map((block) => ({
        id: block.id as string | undefined,
        name: String(block.name),
        arguments: block.input,
      })),
    images: blocks.filter((block) => block.type === 'image').length,
    temperature: body.temperature,
    maxTokens: body.max_tokens,
    topP: body.top_p,
    topK: body.top_k,
    seed: undefined,
    stop: body.stop_sequences,
    stream: body.stream === true,
    reasoning: body.thinking,
    // JSON mode is a forced tool whose input is the answer.
    jsonMode: asRecord(body.tool_choice).type === 'tool',
    toolChoice: body.tool_choice,
  };
}

function readOllama(body: Json): WireRequestView {
  const messages = asArray(body.messages).map(asRecord);
  const options = asRecord(body.options);
  const system = messages.filter((message) => message.role === 'system');
  return {
    system: system.length === 0 ? undefined : system.map((message) => textOf(message.content)).join('\n'),
    turns: messages
      .filter((message) => message.role !== 'system')
      .map((message) => ({ role: String(message.role), text: textOf(message.content) })),
    toolNames: asArray(body.tools).map((tool) => String(asRecord(asRecord(tool).function).name)),
    toolResults: messages
      .filter((message) => message.role === 'tool')
      .map((message) => ({
        id: (message.tool_call_id as string | undefined) ?? undefined,
        content: textOf(message.content),
      })),
    assistantToolCalls: messages.flatMap((message) =>
      asArray(message.tool_calls).map((call) => {
        const fn = asRecord(asRecord(call).function);
        return {
          id: asRecord(call).id as string | undefined,
          name: String(fn.name),
          arguments: parseArguments(fn.arguments),
        };
      }),
    ),
    images: messages.reduce((count, message) => count + asArray(message.images).length, 0),
    temperature: options.temperature,
    maxTokens: options.num_predict,
    topP: options.top_p,
    topK: options.top_k,
    seed: options.seed,
    stop: options.stop,
    // Ollama streams unless told not to.
    stream: body.stream !== false,
    reasoning: body.think,
    jsonMode: body.format !== undefined,
    toolChoice: undefined,
  };
}

/** Reads a recorded request body in the terms the suite checks. */
export function readWireRequest(wire: Wire, body: unknown): WireRequestView {
  const record = asRecord(body);
  switch (wire) {
    case 'openai':
      return readOpenAI(record);
    case 'anthropic':
      return readAnthropic(record);
    case 'ollama':
      return readOllama(record);
    default:
      throw new TypeError(`Unknown wire ${String(wire)}`);
  }
}
