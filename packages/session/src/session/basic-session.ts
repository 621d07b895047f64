import type {
  AssistantMessage,
  GenerateOptions,
  GenerateResponse,
  GenerateStream,
  LLM,
  Message,
  Prompt,
  ToolDefinition,
  ToolMessage,
  Usage,
} from '@core/types';
import type { z } from 'zod';
import { addUsage } from '../add-usage.js';
import { conversationText } from '../estimate-tokens.js';
import { readSessionFile, writeSessionFile } from './session-file.js';

/** Summarise older turns once the conversation passes `maxTokens` (by the provider's tokenizer where it has one). */
export interface AutoCompactOptions {
  maxTokens: number;
  /** Messages kept word for word after compaction (default 4). */
  keepLast?: number;
}

export interface BasicSessionOptions {
  provider: LLM;
  systemPrompt?: string;
  /** Tools offered on every turn unless a call passes its own. */
  tools?: ToolDefinition[];
  /** Earlier turns to start from (no system message: that is `systemPrompt`). */
  messages?: Message[];
  autoCompact?: AutoCompactOptions;
}

const defaultKeepLast = 4;
const summaryPrefix = 'Summary of the earlier conversation:\n';
const compactionPrompt =
  'Summarise the conversation below for the assistant who will continue it: keep names, facts, decisions, ' +
  'open questions and what the user wants, in a few short paragraphs. Write only the summary.';

function transcript(messages: readonly Message[]): string {
  return messages
    .map((message) => {
      const text = conversationText([message]);
      return message.role === 'tool'
        ? `tool result (${message.toolName ?? message.toolCallId}): ${text}`
        : `${message.role}: ${text}`;
    })
    .join('\n');
}

/**
 * A conversation with memory over any LLM. Each turn sends the history; a successful turn commits the
 * user message and the reply (tool calls and results included) together, a failed or aborted one leaves
 * the history as it was. Concurrent calls run one after another in call order, so each turn sees the
 * turns before it; a streamed turn holds the next until the stream has been read to its end or left.
 */
export class BasicSession {
  readonly provider: LLM;
  /** The same method as `agenerate`. */
  readonly generate: BasicSession['agenerate'];
  #systemPrompt: string | undefined;
  #tools: ToolDefinition[] | undefined;
  #messages: Message[];
  #summary: string | undefined;
  #autoCompact: AutoCompactOptions | undefined;
  #usage: Usage | undefined;
  #tail: Promise<void> = Promise.resolve();

  constructor(options: BasicSessionOptions) {
    if (typeof options?.provider?.agenerate !== 'function') {
      throw new TypeError('BasicSession needs { provider }: an LLM made with createLLM');
    }
    if (options.systemPrompt !== undefined && typeof options.systemPrompt !== 'string') {
      throw new TypeError('systemPrompt must be a string');
    }
    if (options.autoCompact !== undefined && !(options.autoCompact.maxTokens > 0)) {
      throw new RangeError('autoCompact.maxTokens must be a number above 0');
    }
    this.provider = options.provider;
    this.#systemPrompt = options.systemPrompt;
    this.#tools = options.tools;
    this.#messages = [...(options.messages ?? [])];
    this.#autoCompact = options.autoCompact;
    this.generate = this.agenerate;
  }

  /** The system prompt sent first on every turn. */
  get systemPrompt(): string | undefined {
    return this.#systemPrompt;
  }

  set systemPrompt(value: string | undefined) {
    if (value !== undefined && typeof value !== 'string')
      throw new TypeError('systemPrompt must be a string');
    this.#systemPrompt = value;
  }

  /** The summary compaction left of older turns, sent as a system message after the system prompt. */
  get summary(): string | undefined {
    return this.#summary;
  }

  /** The conversation as the model receives it: the system message first, the summary, then the turns in order. */
  get conversationHistory(): Message[] {
    return [...this.#preamble(), ...this.#messages];
  }

  /** Tokens used by this session's turns so far (compaction included); `undefined` counts were not reported. */
  get usage(): Usage {
    return this.#usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  }

  #preamble(): Message[] {
    const preamble: Message[] = [];
    if (this.#systemPrompt !== undefined) preamble.push({ role: 'system', content: this.#systemPrompt });
    if (this.#summary !== undefined)
      preamble.push({ role: 'system', content: `${summaryPrefix}${this.#summary}` });
    return preamble;
  }

  #count(usage: Usage): void {
    this.#usage = this.#usage === undefined ? usage : addUsage(this.#usage, usage);
  }

  // Runs `work` after every earlier turn; `hold` lets a stream keep the turn until it ends.
  #enqueue<T>(work: (finish: () => void) => Promise<T>): Promise<T> {
    let finish: () => void = () => {};
    const turnEnded = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const previous = this.#tail;
    this.#tail = turnEnded;
    return previous.then(() => work(finish));
  }

  /** Sends `prompt` with the history; resolves like `LLM.agenerate` (a response, a stream, or the validated object). */
  agenerate<Schema extends z.ZodType>(
    prompt: Prompt,
    options: GenerateOptions & { responseModel: Schema; stream?: false },
  ): Promise<z.output<Schema>>;
  agenerate(prompt: Prompt, options: GenerateOptions & { stream: true }): Promise<GenerateStream>;
  agenerate(prompt: Prompt, options?: GenerateOptions & { stream?: false }): Promise<GenerateResponse>;
  agenerate(prompt: Prompt, options?: GenerateOptions): Promise<unknown>;
  agenerate(prompt: Prompt, options: GenerateOptions = {}): Promise<unknown> {
    const turn: Message[] = typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : [...prompt];
    return this.#enqueue(async (finish) => {
      let handedOver = false;
      try {
        if (this.#autoCompact !== undefined) await this.#compactIfLong(options.signal);
        const callOptions: GenerateOptions = {
          ...options,
          messages: [...this.#preamble(), ...this.#messages],
          ...(options.tools === undefined && this.#tools !== undefined ? { tools: this.#tools } : {}),
        };
        delete callOptions.systemPrompt;
        if (options.systemPrompt !== undefined)
          callOptions.messages = [
            { role: 'system', content: options.systemPrompt },
            ...(callOptions.messages ?? []),
          ];
        const result = await this.provider.agenerate(turn, callOptions);
        if (options.stream === true) {
          handedOver = true;
          return this.#relayStream(result as GenerateStream, turn, finish);
        }
        if (options.responseModel !== undefined) {
          const reply: AssistantMessage = { role: 'assistant', content: JSON.stringify(result) };
          this.#messages.push(...turn, reply);
          return result;
        }
        const response = result as GenerateResponse;
        this.#messages.push(...turn, ...response.messages);
        this.#count(response.usage);
        return response;
      } finally {
        if (!handedOver) finish();
      }
    });
  }

  // The caller reads the stream itself. The turn is committed when the stream was read to its end (its
  // completion resolves), and the next turn may start once the stream is over in any way: read to its end,
  // left early, failed, or closed by its idle watchdog because nobody read it.
  #relayStream(stream: GenerateStream, turn: Message[], finish: () => void): GenerateStream {
    stream.completion.then(
      (response) => {
        this.#messages.push(...turn, ...(response.messages as Array<AssistantMessage | ToolMessage>));
        this.#count(response.usage);
        finish();
      },
      () => finish(),
    );
    return stream;
  }

  /** Forgets the turns and the summary; the system prompt stays. */
  clear(): void {
    this.#messages = [];
    this.#summary = undefined;
  }

  async #compactIfLong(signal: AbortSignal | undefined): Promise<void> {
    const settings = this.#autoCompact as AutoCompactOptions;
    const tokens = await this.provider.countTokens(conversationText(this.conversationHistory));
    if (tokens > settings.maxTokens) await this.#compactNow(settings.keepLast ?? defaultKeepLast, signal);
  }

  async #compactNow(keepLast: number, signal: AbortSignal | undefined): Promise<void> {
    let split = this.#messages.length - keepLast;
    // A tool result stays beside the call it answers.
    while (split > 0 && this.#messages[split]?.role === 'tool') split -= 1;
    if (split <= 0) return;
    const older = this.#messages.slice(0, split);
    const earlier = this.#summary === undefined ? '' : `Earlier summary:\n${this.#summary}\n\n`;
    const response = await this.provider.agenerate(`${earlier}Conversation:\n${transcript(older)}`, {
      systemPrompt: compactionPrompt,
      ...(signal === undefined ? {} : { signal }),
    });
    this.#count(response.usage);
    this.#summary = response.content.trim();
    this.#messages = this.#messages.slice(split);
  }

  /**
   * Summarises all but the last `keepLast` messages (default 4) with the model into one message the model
   * receives on every later turn. Waits for turns in progress; a failure leaves the history as it was.
   */
  compact(options: { keepLast?: number; signal?: AbortSignal } = {}): Promise<void> {
    const keepLast = options.keepLast ?? defaultKeepLast;
    if (!Number.isInteger(keepLast) || keepLast < 0)
      return Promise.reject(new RangeError('keepLast must be an integer >= 0'));
    return this.#enqueue(async (finish) => {
      try {
        await this.#compactNow(keepLast, options.signal);
      } finally {
        finish();
      }
    });
  }

  /** Saves the session to `path` atomically, as versioned JSON without any key. Waits for turns in progress. */
  save(path: string): Promise<void> {
    return this.#enqueue(async (finish) => {
      try {
        await writeSessionFile(path, {
          provider: this.provider.provider,
          model: this.provider.model,
          systemPrompt: this.#systemPrompt,
          summary: this.#summary,
          messages: this.#messages,
        });
      } finally {
        finish();
      }
    });
  }

  /** Loads a session saved with `save`, to continue it with `provider` (any LLM; the saved one is only recorded). */
  static async load(
    path: string,
    options: { provider: LLM; tools?: ToolDefinition[]; autoCompact?: AutoCompactOptions },
  ): Promise<BasicSession> {
    const snapshot = await readSessionFile(path);
    const session = new BasicSession({
      provider: options.provider,
      ...(snapshot.systemPrompt === undefined ? {} : { systemPrompt: snapshot.systemPrompt }),
      messages: snapshot.messages,
      ...(options.tools === undefined ? {} : { tools: options.tools }),
      ...(options.autoCompact === undefined ? {} : { autoCompact: options.autoCompact }),
    });
    session.#summary = snapshot.summary;
    return session;
  }
}
