import type {
  GenerateOptions,
  Message,
  Prompt,
  ProviderAdapter,
  ProviderRequest,
  ToolCall,
  ToolDefinition,
  ToolSpec,
  Warning,
} from '@core/types';
import type { EventBus } from '../events.js';
import {
  checkHeaders,
  checkNumber,
  checkReasoning,
  checkStop,
  checkUnsupportedOptions,
  type LlmSettings,
} from '../normalize-llm-options.js';
import { isStandardSchema, type StandardJsonSchema, toJsonSchema } from '../schema/to-json-schema.js';
import { promptedToolInstructions, toPromptedMessages } from '../tools/prompted-tools.js';
import type { CallIdentity } from './call-events.js';
import { describeMessageProblem, findMessageProblem } from './find-message-problem.js';
import type { RetryPolicy } from './retry-loop.js';

/**
 * One call, resolved once from the prompt, the call's options and the LLM's settings: who it is (for
 * events), the request the adapter reads, and how the pipeline runs it. Nothing below changes it.
 */
export interface Call extends CallIdentity {
  readonly request: ProviderRequest;
  readonly stream: boolean;
  readonly signal: AbortSignal | undefined;
  readonly retry: RetryPolicy;
  /** The caller's tools, for running them in a tool loop. */
  readonly tools: readonly ToolDefinition[];
  readonly toolSpecs: readonly ToolSpec[] | undefined;
  /** The provider has no native tool calling: tools are described in the prompt and parsed from answers. */
  readonly promptedTools: boolean;
  /**
   * Tools were offered (and not switched off with `toolChoice: 'none'`): calls written as text are parsed
   * from the answer, and held back from a stream's content, whatever the provider.
   */
  readonly textToolCalls: boolean;
  readonly maxSteps: number;
  readonly toolTimeoutMs: number;
  readonly responseModel: StandardJsonSchema | undefined;
  readonly maxValidationRetries: number;
  /** What the provider could not honour, gathered from every step (see `addWarnings`). */
  readonly warnings: Warning[];
  /** ms from the start to the first chunk handed to the caller, for a stream. */
  firstChunkMs: number | undefined;
}

const defaultToolTimeoutMs = 60_000;
const defaultMaxValidationRetries = 2;
function checkMessages(messages: readonly unknown[], name: string): void {
  for (let index = 0; index < messages.length; index++) {
    const problem = findMessageProblem(messages[index]);
    if (problem !== undefined) throw new TypeError(describeMessageProblem(name, index, problem));
  }
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

/** Adds instructions to the system message (a new one first when there is none), without touching the caller's. */
function withSystemText(messages: Message[], text: string): Message[] {
  const first = messages[0];
  if (first?.role === 'system')
    return [{ role: 'system', content: `${first.content}\n\n${text}` }, ...messages.slice(1)];
  return [{ role: 'system', content: text }, ...messages];
}

function toolSpecs(tools: readonly ToolDefinition[] | undefined): ToolSpec[] | undefined {
  if (tools === undefined || tools.length === 0) return undefined;
  if (!Array.isArray(tools)) throw new TypeError('tools must be an array of tools');
  const names = new Set<string>();
  return tools.map((tool, index) => {
    if (typeof tool?.name !== 'string' || tool.name === '')
      throw new TypeError(`tools[${index}].name must be a string`);
    if (names.has(tool.name)) throw new TypeError(`tools: the name ${tool.name} is used twice`);
    names.add(tool.name);
    const parameters = toJsonSchema(tool.parameters, `tools[${index}].parameters`);
    return {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters,
    };
  });
}

function structuredInstructions(schema: Record<string, unknown> | undefined): string {
  return schema === undefined
    ? 'Answer with only a JSON value, and no other text.'
    : `Answer with only a JSON value that matches this JSON Schema, and no other text:\n${JSON.stringify(schema)}`;
}

/**
 * Merges a call's options over the LLM's settings into one `Call`; checks every value once and throws a
 * `TypeError` or `RangeError` naming the option. Starts the call's clock.
 */
export function resolveCall(
  prompt: Prompt,
  options: GenerateOptions | undefined,
  settings: LlmSettings,
  adapter: ProviderAdapter,
  bus: EventBus,
): Call {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('agenerate options must be an object');
  }
  const given = options ?? {};
  const model = given.model ?? settings.model ?? adapter.defaultModel;
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
  const stream = given.stream === true;
  let messages = buildMessages(prompt, given);
  const specs = toolSpecs(given.tools);
  const promptedTools = specs !== undefined && !adapter.capabilities.tools && given.toolChoice !== 'none';
  if (promptedTools && specs !== undefined) {
    messages = withSystemText(
      toPromptedMessages(messages),
      promptedToolInstructions(specs, given.toolChoice),
    );
  }

  let responseModel: StandardJsonSchema | undefined;
  let jsonSchema: Record<string, unknown> | undefined;
  let wantsJson = false;
  if (given.responseModel !== undefined) {
    if (!isStandardSchema(given.responseModel)) throw new TypeError('responseModel must be a zod schema');
    if (stream)
      throw new TypeError(
        'responseModel resolves to one validated object: it cannot be combined with stream: true',
      );
    responseModel = given.responseModel;
    jsonSchema = toJsonSchema(responseModel, 'responseModel');
    wantsJson = true;
  } else if (given.responseFormat !== undefined) {
    if (given.responseFormat?.type !== 'json')
      throw new TypeError("responseFormat must be { type: 'json', schema?, name? }");
    jsonSchema = given.responseFormat.schema;
    wantsJson = true;
  }
  let responseFormat: ProviderRequest['responseFormat'];
  if (wantsJson) {
    const name = given.responseFormat?.name ?? 'response';
    const mode = adapter.capabilities.structuredOutput;
    if (mode === 'json-schema' || (mode === 'json' && jsonSchema === undefined)) {
      responseFormat = { type: 'json', ...(jsonSchema === undefined ? {} : { schema: jsonSchema, name }) };
    } else {
      if (mode === 'json') responseFormat = { type: 'json' };
      messages = withSystemText(messages, structuredInstructions(jsonSchema));
    }
  }

  const maxSteps = checkNumber('maxSteps', given.maxSteps, 'count') ?? 1;
  if (maxSteps < 1) throw new RangeError('maxSteps must be at least 1');
  const request: ProviderRequest = {
    model,
    messages,
    ...(specs === undefined || promptedTools ? {} : { tools: specs, toolChoice: given.toolChoice }),
    ...(responseFormat === undefined ? {} : { responseFormat }),
    temperature: checkNumber('temperature', given.temperature, 'number') ?? settings.temperature,
    maxTokens: checkNumber('maxTokens', given.maxTokens, 'count') ?? settings.maxTokens,
    topP: checkNumber('topP', given.topP, 'number') ?? settings.topP,
    topK: checkNumber('topK', given.topK, 'count') ?? settings.topK,
    stop: checkStop(given.stop) ?? settings.stop,
    seed: checkNumber('seed', given.seed, 'count') ?? settings.seed,
    reasoning: checkReasoning(given.reasoning) ?? settings.reasoning,
    unsupportedOptions: checkUnsupportedOptions(given.unsupportedOptions) ?? settings.unsupportedOptions,
    signal: given.signal,
    timeoutMs: checkNumber('timeout', given.timeout, 'duration') ?? settings.timeoutMs,
    idleTimeoutMs: checkNumber('idleTimeout', given.idleTimeout, 'duration') ?? settings.idleTimeoutMs,
    headers: checkHeaders(given.headers),
    providerOptions: given.providerOptions,
  };
  return {
    bus,
    operation: 'chat',
    provider: adapter.provider,
    model,
    startedAt: performance.now(),
    requestId: undefined,
    trace: undefined,
    request,
    stream,
    retry: {
      maxRetries: checkNumber('maxRetries', given.maxRetries, 'count') ?? settings.maxRetries,
      initialDelayMs:
        checkNumber('retryInitialDelay', given.retryInitialDelay, 'delay') ?? settings.retryInitialDelayMs,
      maxDelayMs: checkNumber('retryMaxDelay', given.retryMaxDelay, 'delay') ?? settings.retryMaxDelayMs,
      signal: given.signal,
    },
    signal: given.signal,
    tools: given.tools ?? [],
    toolSpecs: specs,
    promptedTools,
    textToolCalls: specs !== undefined && given.toolChoice !== 'none',
    maxSteps,
    toolTimeoutMs: checkNumber('toolTimeout', given.toolTimeout, 'duration') ?? defaultToolTimeoutMs,
    responseModel,
    maxValidationRetries:
      checkNumber('maxValidationRetries', given.maxValidationRetries, 'count') ?? defaultMaxValidationRetries,
    warnings: [],
    firstChunkMs: undefined,
  };
}

/** The request of one attempt: the step's request with only the time left before `deadlineAt`. */
export function attemptRequest(request: ProviderRequest, deadlineAt: number | undefined): ProviderRequest {
  if (deadlineAt === undefined) return request;
  // A whole ms at least: an attempt that starts at the deadline still gets a timer, and its TimeoutError.
  const remainingMs = Math.max(1, Math.ceil(deadlineAt - performance.now()));
  // The first attempt starts with all its time: the request object is reused as it is.
  if (request.timeoutMs !== undefined && remainingMs >= request.timeoutMs - 1) return request;
  return { ...request, timeoutMs: remainingMs };
}

/** The request for one step of a call, with the conversation so far (replayed as text for prompted tools). */
export function stepRequest(call: Call, conversation: readonly Message[]): ProviderRequest {
  if (conversation === call.request.messages) return call.request;
  return { ...call.request, messages: call.promptedTools ? toPromptedMessages(conversation) : conversation };
}

/**
 * Whether a tool loop goes on: there are calls and steps left, and no call is for a tool the caller runs
 * itself (one without `execute`). A call to a tool that does not exist is answered with an error result.
 */
export function wantsAnotherStep(call: Call, toolCalls: readonly ToolCall[], step: number): boolean {
  if (toolCalls.length === 0 || step >= call.maxSteps) return false;
  return !toolCalls.some((toolCall) =>
    call.tools.some((tool) => tool.name === toolCall.name && tool.execute === undefined),
  );
}
