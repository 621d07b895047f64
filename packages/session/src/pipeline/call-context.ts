import type { EventBus, EventMap, EventType } from '../events.js';

let sequence = 0;
const processTag = Math.floor(Math.random() * 0xffffff).toString(36);

/** One call's identity and clock, and the emitter every stage reports through. */
export interface CallContext {
  readonly provider: string;
  readonly model: string;
  readonly requestId: string;
  readonly startedAt: number;
  emit<Type extends EventType>(
    type: Type,
    details: Omit<EventMap[Type], 'provider' | 'model' | 'requestId' | 'timestamp'>,
  ): void;
  elapsedMs(): number;
}

/** Starts the clock for a call; the id is unique in the process and cheap (no crypto per call). */
export function createCallContext(bus: EventBus, provider: string, model: string): CallContext {
  sequence += 1;
  const requestId = `req_${processTag}_${sequence.toString(36)}`;
  const startedAt = performance.now();
  return {
    provider,
    model,
    requestId,
    startedAt,
    emit(type, details) {
      if (!bus.has(type)) return;
      bus.emit(type, {
        provider,
        model,
        requestId,
        timestamp: Date.now(),
        ...details,
      } as EventMap[typeof type]);
    },
    elapsedMs: () => performance.now() - startedAt,
  };
}
