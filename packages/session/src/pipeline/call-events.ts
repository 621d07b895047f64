import type { FinishReason, ToolCall, Usage, Warning } from '@core/types';
import type { EventBus, EventMap, EventType, Operation } from '../events.js';
import type { CallTrace, TracedAnswer } from '../telemetry/call-trace.js';
import type { RetryNotice } from './retry-loop.js';

/** Who a call is and when it started: what every event of the call carries. */
export interface CallIdentity {
  readonly bus: EventBus;
  readonly operation: Operation;
  readonly provider: string;
  readonly model: string;
  /** `performance.now()` when the call started. */
  readonly startedAt: number;
  /** Our request id, made the first time an event needs it (see `requestIdOf`). */
  requestId: string | undefined;
  /** The call's OpenTelemetry span and metrics, when an SDK is registered: fed by the events below. */
  trace: CallTrace | undefined;
}

let sequence = 0;
const processTag = Math.floor(Math.random() * 0xffffff).toString(36);

/** ms since the call started. */
export function elapsedMs(call: CallIdentity): number {
  return performance.now() - call.startedAt;
}

/** The call's request id: unique in the process, cheap (no crypto), and made only once something reads it. */
export function requestIdOf(call: CallIdentity): string {
  if (call.requestId === undefined) {
    sequence += 1;
    call.requestId = `req_${processTag}_${sequence.toString(36)}`;
  }
  return call.requestId;
}

// Every event leaves through here: nothing is built for a type nobody listens to.
function emit<Type extends EventType>(
  call: CallIdentity,
  type: Type,
  details: Omit<EventMap[Type], 'operation' | 'provider' | 'model' | 'requestId' | 'timestamp'>,
): void {
  call.bus.emit(type, {
    operation: call.operation,
    provider: call.provider,
    model: call.model,
    requestId: requestIdOf(call),
    timestamp: Date.now(),
    ...details,
  } as EventMap[Type]);
}

/** `generation:start`. */
export function emitStart(call: CallIdentity, stream: boolean): void {
  if (call.bus.has('generation:start')) emit(call, 'generation:start', { stream });
}

/** `generation:first-chunk`, when a stream's first chunk is about to reach the caller; returns that time. */
export function emitFirstChunk(call: CallIdentity): number {
  const timeToFirstChunkMs = elapsedMs(call);
  call.trace?.firstChunk(timeToFirstChunkMs);
  if (call.bus.has('generation:first-chunk')) emit(call, 'generation:first-chunk', { timeToFirstChunkMs });
  return timeToFirstChunkMs;
}

/** `retry`, before the retry loop waits. */
export function emitRetry(call: CallIdentity, notice: RetryNotice): void {
  call.trace?.retry(notice.attempt, notice.delayMs, notice.error);
  if (call.bus.has('retry')) emit(call, 'retry', notice);
}

function sameWarning(a: Warning, b: Warning): boolean {
  return (
    a.type === b.type &&
    a.message === b.message &&
    (a.type !== 'unsupported-option' || a.option === (b as typeof a).option)
  );
}

/**
 * Adds a step's warnings to the call's (`into`), each distinct one once however many attempts and steps
 * repeat it, and emits a `warning` event for each new one.
 */
export function addWarnings(
  call: CallIdentity,
  into: Warning[],
  warnings: readonly Warning[] | undefined,
): void {
  if (warnings === undefined) return;
  for (const warning of warnings) {
    if (into.some((known) => sameWarning(known, warning))) continue;
    into.push(warning);
    if (call.bus.has('warning')) emit(call, 'warning', { warning });
  }
}

/** `tool:call`, once a tool has run (or failed to). */
export function emitToolCall(
  call: CallIdentity,
  toolCall: ToolCall,
  durationMs: number,
  outcome: { result?: unknown; error?: unknown },
): void {
  if (call.bus.has('tool:call')) emit(call, 'tool:call', { toolCall, durationMs, ...outcome });
}

/** What `generation:end` reports of a call that ended without failing. */
export interface CallEnd {
  stream: boolean;
  usage: Usage | undefined;
  finishReason: FinishReason | undefined;
  /** False when the caller left a stream before its end. */
  completed: boolean;
  providerRequestId: string | undefined;
}

/** `generation:end`, once for every call that did not fail; `answer` is what the call's span records of it. */
export function emitEnd(call: CallIdentity, end: CallEnd, answer?: TracedAnswer): void {
  call.trace?.end(end.usage, end.finishReason, answer);
  if (call.bus.has('generation:end')) emit(call, 'generation:end', { ...end, durationMs: elapsedMs(call) });
}

/** `generation:error`, once for every call that failed. */
export function emitError(call: CallIdentity, stream: boolean, error: unknown): void {
  call.trace?.fail(error);
  if (call.bus.has('generation:error'))
    emit(call, 'generation:error', { stream, durationMs: elapsedMs(call), error });
}
