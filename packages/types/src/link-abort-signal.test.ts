import { describe, expect, it } from 'vitest';
import { linkAbortSignal } from './link-abort-signal.js';

describe('linkAbortSignal', () => {
  it('shares one listener per signal: many calls raise no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      let calls = 0;
      const unlinks = Array.from({ length: 50 }, () =>
        linkAbortSignal(controller.signal, () => (calls += 1)),
      );
      unlinks[0]?.();
      controller.abort();
      expect(calls).toBe(49);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('calls each listener once', () => {
    const controller = new AbortController();
    let calls = 0;
    linkAbortSignal(controller.signal, () => (calls += 1));
    controller.abort();
    controller.abort();
    expect(calls).toBe(1);
  });
});
