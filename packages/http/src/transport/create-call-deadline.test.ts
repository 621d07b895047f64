import { TimeoutError } from '@core/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallDeadline } from './create-call-deadline.js';

const base = { provider: 'openai', model: 'gpt-test', signal: undefined };

describe('createCallDeadline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('aborts with a total TimeoutError after timeoutMs', () => {
    const deadline = createCallDeadline({ ...base, timeoutMs: 100, phase: 'total' });
    vi.advanceTimersByTime(99);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(TimeoutError.isInstance(deadline.signal.reason)).toBe(true);
    expect(deadline.signal.reason).toMatchObject({ phase: 'total', timeoutMs: 100, provider: 'openai' });
  });

  it('switches from the first-chunk limit to the idle limit at the first event', () => {
    const deadline = createCallDeadline({ ...base, timeoutMs: 100, phase: 'first-chunk', idleTimeoutMs: 30 });
    vi.advanceTimersByTime(90);
    deadline.beforeYield();
    deadline.afterYield();
    vi.advanceTimersByTime(25);
    deadline.beforeYield();
    deadline.afterYield();
    vi.advanceTimersByTime(25);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(5);
    expect(deadline.signal.reason).toMatchObject({ phase: 'idle', timeoutMs: 30 });
  });

  it('does not count time the consumer holds an event as idle', () => {
    const deadline = createCallDeadline({
      ...base,
      timeoutMs: undefined,
      phase: 'first-chunk',
      idleTimeoutMs: 30,
    });
    deadline.beforeYield();
    vi.advanceTimersByTime(500);
    expect(deadline.signal.aborted).toBe(false);
    deadline.afterYield();
    vi.advanceTimersByTime(29);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.reason).toMatchObject({ phase: 'idle' });
  });

  it('passes the caller’s reason on as the same object, and stops listening once disposed', () => {
    const caller = new AbortController();
    const reason = new Error('user cancelled');
    const first = createCallDeadline({
      ...base,
      signal: caller.signal,
      timeoutMs: undefined,
      phase: 'total',
    });
    const second = createCallDeadline({
      ...base,
      signal: caller.signal,
      timeoutMs: undefined,
      phase: 'total',
    });
    second.dispose();
    caller.abort(reason);
    expect(first.signal.reason).toBe(reason);
    expect(second.signal.aborted).toBe(false);
  });

  it('clears its timer on dispose', () => {
    const deadline = createCallDeadline({ ...base, timeoutMs: 10, phase: 'total' });
    deadline.dispose();
    vi.advanceTimersByTime(100);
    expect(deadline.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
