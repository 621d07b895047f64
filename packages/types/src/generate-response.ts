import type { AssistantMessage, ReasoningBlock, ToolCall, ToolMessage } from './messages.js';
import type { FinishReason, Usage } from './usage.js';
import type { Warning } from './warning.js';

/** Where a call's time went, in ms since it started. */
export interface Timings {
  /** Until the first chunk reached the caller (streams only). */
  firstChunkMs?: number;
  /** The whole call: retries, tool steps and, for a stream, the reading of it. */
  totalMs: number;
}

/** The result of a non-stream call, the same shape for every provider. */
export interface GenerateResponse {
  content: string;
  /** The model that answered, as the provider named it. */
  model: string;
  provider: string;
  finishReason: FinishReason;
  /** The provider's own finish reason (`end_turn`, `max_tokens`, …). */
  rawFinishReason: string | undefined;
  usage: Usage;
  toolCalls: ToolCall[];
  reasoning: string | undefined;
  /** Wall time of the call in ms, retries included. */
  genTimeMs: number;
  /** Time to first chunk (streams) and the whole call's time. */
  timings: Timings;
  /** Every option of the call the provider could not honour (empty when it honoured them all). */
  warnings: Warning[];
  /** The provider's request id, when it sent one. */
  requestId: string | undefined;
  /** The id the provider gave this completion in its body (`chatcmpl-…`, `msg_…`), when it gives one. */
  responseId?: string;
  /** The assistant message to append to a conversation (keeps tool calls and reasoning signatures). */
  message: AssistantMessage;
  /**
   * Every message this call added to the conversation, in order: with a tool loop (`maxSteps > 1`), each
   * step's assistant message and the tool results, then the final answer; otherwise just `message`.
   */
  messages: Array<AssistantMessage | ToolMessage>;
  /** How many model calls the call took (more than 1 only in a tool loop). */
  steps: number;
  /** The provider's decoded response body. */
  raw: unknown;
}

/**
 * One piece of a stream. Text arrives in `content` (possibly `''`); a tool call appears once, complete;
 * the last chunk carries `finishReason` and `usage`.
 */
export interface GenerateChunk {
  content: string;
  reasoning?: string;
  toolCalls?: ToolCall[];
  /** Signed or redacted reasoning, complete, for continuing the conversation. */
  reasoningBlocks?: ReasoningBlock[];
  finishReason?: FinishReason;
  rawFinishReason?: string;
  usage?: Usage;
  /** On the last chunk, the model that answered, when the wire names it. */
  model?: string;
  /** On the last chunk, the id the provider gave this completion in its body, when it gives one. */
  responseId?: string;
}

/** A model the provider offers. */
export interface ModelInfo {
  id: string;
  ownedBy?: string;
  /** Unix time in seconds, where the provider gives it. */
  created?: number;
  contextLength?: number;
  raw?: unknown;
}

/** The answer of `health()`: it never throws; a failure is `ok: false` with the reason. */
export interface HealthStatus {
  ok: boolean;
  latencyMs: number;
  error?: string;
}
