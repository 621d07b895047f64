import type { FinishReason, ToolCall, Usage, Warning } from '@core/types';

/** What a call asks of the provider: a chat answer, embeddings, or its list of models. */
export type Operation = 'chat' | 'embeddings' | 'models';

/** What every event carries: who answered and which call it belongs to. */
export interface EventBase {
  /** `chat` for `agenerate`; `embeddings` for `embed`; `models` for `listModels`. */
  operation: Operation;
  provider: string;
  /** The model of the call; `''` for `listModels`, which names none. */
  model: string;
  /** Our id for one call (`agenerate`, `embed`, `listModels`), the same across its retries and events. */
  requestId: string;
  /** ms since the epoch. */
  timestamp: number;
}

/** Each event type and its payload. */
export interface EventMap {
  'generation:start': EventBase & { stream: boolean };
  'generation:first-chunk': EventBase & { timeToFirstChunkMs: number };
  'generation:end': EventBase & {
    stream: boolean;
    durationMs: number;
    usage: Usage | undefined;
    finishReason: FinishReason | undefined;
    /** False when the caller left a stream early; nothing failed. */
    completed: boolean;
    providerRequestId: string | undefined;
  };
  'generation:error': EventBase & { stream: boolean; durationMs: number; error: unknown };
  retry: EventBase & { attempt: number; delayMs: number; error: unknown };
  /** An option of the call the provider could not honour; once per distinct warning of a call. */
  warning: EventBase & { warning: Warning };
  /**
   * A fallback LLM (`createFallbackLLM`) moves a call from one LLM to the next after `error`; once per hop.
   * `provider` and `model` are those of `from`.
   */
  fallback: EventBase & {
    from: { provider: string; model: string };
    to: { provider: string; model: string };
    error: unknown;
  };
  'tool:call': EventBase & { toolCall: ToolCall; durationMs: number; error?: unknown; result?: unknown };
}

export type EventType = keyof EventMap;

export type EventHandler<Type extends EventType> = (
  event: EventMap[Type] & { type: Type },
) => void | Promise<void>;

/** A typed event bus; a handler that throws or rejects never breaks a generation. */
export interface EventBus {
  /** Subscribes `handler`; returns the function that unsubscribes it. */
  on<Type extends EventType>(type: Type, handler: EventHandler<Type>): () => void;
  /** Subscribes for one event. */
  once<Type extends EventType>(type: Type, handler: EventHandler<Type>): () => void;
  /** Whether anyone listens, so emitters skip building events nobody reads. */
  has(type: EventType): boolean;
  emit<Type extends EventType>(type: Type, event: EventMap[Type]): void;
}

type AnyHandler = (event: unknown) => void | Promise<void>;

// A listener's failure is reported on the process, never thrown into the call that emitted.
function reportHandlerFailure(error: unknown): void {
  process.emitWarning(
    `abstractcore event handler failed: ${error instanceof Error ? error.message : String(error)}`,
    'AbstractCoreEventWarning',
  );
}

/** Makes an event bus; `events` below is the shared one every LLM emits on. */
export function createEventBus(): EventBus {
  const handlers = new Map<EventType, Set<AnyHandler>>();

  const on = <Type extends EventType>(type: Type, handler: EventHandler<Type>): (() => void) => {
    if (typeof handler !== 'function') throw new TypeError('events.on: handler must be a function');
    let set = handlers.get(type);
    if (set === undefined) {
      set = new Set();
      handlers.set(type, set);
    }
    set.add(handler as AnyHandler);
    return () => {
      set.delete(handler as AnyHandler);
    };
  };

  return {
    on,
    once(type, handler) {
      const off = on(type, (event) => {
        off();
        return handler(event);
      });
      return off;
    },
    has: (type) => (handlers.get(type)?.size ?? 0) > 0,
    emit(type, event) {
      const set = handlers.get(type);
      if (set === undefined || set.size === 0) return;
      const payload = { type, ...event };
      for (const handler of [...set]) {
        try {
          const result = handler(payload);
          if (result instanceof Promise) result.catch(reportHandlerFailure);
        } catch (error) {
          reportHandlerFailure(error);
        }
      }
    },
  };
}

/** The process-wide event bus: `events.on('generation:end', (event) => …)`. */
export const events: EventBus = createEventBus();
