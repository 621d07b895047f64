import type { GenerateOptions, Message, Prompt, ProviderRequest, ToolSpec } from '@core/types';
import { checkHeaders, checkNumber, checkStop, type PipelineSettings } from '../normalize-llm-options.js';

/** One call, resolved once: the request the adapter reads and the pipeline's own plan. */
export interface CallPlan {
  readonly request: ProviderRequest;
  readonly stream: boolean;
  readonly maxRetries: number;
  readonly retryInitialDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly signal: AbortSignal | undefined;
}

const roles = new Set(['system', 'user', 'assistant', 'tool']);

function checkMessages(messages: readonly unknown[], name: string): void {
  messages.forEach((message, index) => {
    const role = (message as { role?: unknown } | null)?.role;
    if (typeof message !== 'object' || message === null || typeof role !== 'string' || !roles.has(role)) {
      throw new TypeError(`${name}[${index}] must be a message with role system, user, assistant or tool`);
    }
  });
}

// The system prompt goes first; earlier turns next; a string prompt becomes the last user message.
function buildMessages(prompt: Prompt, options: GenerateOptions): Message[] {
  const messages: Message[] = [];
  if (options.systemPrompt !== undefined) {
    if (typeof options.systemPrompt !== 'string') throw new TypeError('systemPrompt must be a string');
    messages.push({ role: 'system', content: options.systemPrompt });
  }
  if (options.messages !== undefined) {
    if (!Array.isArray(options.messages)) throw new TypeError('messages must be an array of messages');
    checkMessages(options.messages, 'messages');
    messages.push(...options.messages);
  }
  if (typeof prompt === 'string') {
    messages.push({ role: 'user', content: prompt });
  } else if (Array.isArray(prompt)) {
    checkMessages(prompt, 'prompt');
    messages.push(...prompt);
  } else {
    throw new TypeError('agenerate: the prompt must be a string or an array of messages');
  }
  if (messages.length === 0) throw new TypeError('agenerate: there is no message to send');
  return messages;
}

function toolSpecs(options: GenerateOptions): ToolSpec[] | undefined {
  if (options.tools === undefined || options.tools.length === 0) return undefined;
  return options.tools.map((tool, index) => {
    if (typeof tool?.name !== 'string' || tool.name === '')
      throw new TypeError(`tools[${index}].name must be a string`);
    const parameters = tool.parameters as Record<string, unknown>;
    if (typeof parameters !== 'object' || parameters === null) {
      throw new TypeError(`tools[${index}].parameters must be a JSON Schema object`);
    }
    return { name: tool.name, description: tool.description, parameters };
  });
}

/** Merges a call's options over the LLM's settings into one request; checks every value once. */
export function resolveCall(
  prompt: Prompt,
  options: GenerateOptions | undefined,
  settings: PipelineSettings,
  defaultModel: string | undefined,
): CallPlan {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('agenerate options must be an object');
  }
  const given = options ?? {};
  const model = given.model ?? settings.model ?? defaultModel;
  if (typeof model !== 'string' || model === '') {
    throw new TypeError('No model: pass { model } to createLLM or to the call');
  }
  if (given.signal !== undefined && !(given.signal instanceof AbortSignal)) {
    throw new TypeError('signal must be an AbortSignal');
  }
  if (
    given.providerOptions !== undefined &&
    (typeof given.providerOptions !== 'object' || given.providerOptions === null)
  ) {
    throw new TypeError('providerOptions must be an object');
  }
  const request: ProviderRequest = {
    model,
    messages: buildMessages(prompt, given),
    tools: toolSpecs(given),
    toolChoice: given.toolChoice,
    temperature: checkNumber('temperature', given.temperature, 'number') ?? settings.temperature,
    maxTokens: checkNumber('maxTokens', given.maxTokens, 'count') ?? settings.maxTokens,
    topP: checkNumber('topP', given.topP, 'number') ?? settings.topP,
    topK: checkNumber('topK', given.topK, 'count') ?? settings.topK,
    stop: checkStop(given.stop) ?? settings.stop,
    seed: checkNumber('seed', given.seed, 'count') ?? settings.seed,
    signal: given.signal,
    timeoutMs: checkNumber('timeout', given.timeout, 'positive') ?? settings.timeoutMs,
    idleTimeoutMs: checkNumber('idleTimeout', given.idleTimeout, 'positive') ?? settings.idleTimeoutMs,
    headers: checkHeaders(given.headers),
    providerOptions: given.providerOptions,
  };
  return {
    request,
    stream: given.stream === true,
    maxRetries: checkNumber('maxRetries', given.maxRetries, 'count') ?? settings.maxRetries,
    retryInitialDelayMs:
      checkNumber('retryInitialDelay', given.retryInitialDelay, 'number') ?? settings.retryInitialDelayMs,
    retryMaxDelayMs: checkNumber('retryMaxDelay', given.retryMaxDelay, 'number') ?? settings.retryMaxDelayMs,
    signal: given.signal,
  };
}
