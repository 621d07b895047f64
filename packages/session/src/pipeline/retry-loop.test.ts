import { ProviderAPIError, RateLimitError } from '@core/types';
import { describe, expect, it } from 'vitest';
import { retryDelayMs, withRetries } from './retry-loop.js';

const policy = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 50, signal: undefined };

describe('retryDelayMs', () => {
  it('honours retryAfterMs, capped at maxDelayMs', () => {
    expect(retryDelayMs(new RateLimitError({ message: 'slow down', retryAfterMs: 20 }), 0, policy)).toBe(20);
    expect(retryDelayMs(new RateLimitError({ message: 'slow down', retryAfterMs: 90_000 }), 0, policy)).toBe(
      50,
    );
  });

  it('draws full jitter below a doubling ceiling', () => {
    const wide = { ...policy, initialDelayMs: 100, maxDelayMs: 10_000 };
    const error = new ProviderAPIError({ message: 'boom', retryable: true });
    expect(retryDelayMs(error, 0, wide, () => 0.999)).toBe(99);
    expect(retryDelayMs(error, 3, wide, () => 0.999)).toBe(799);
    expect(retryDelayMs(error, 10, wide, () => 0.5)).toBe(5000);
    expect(retryDelayMs(error, 2, wide, () => 0)).toBe(0);
  });
});

describe('withRetries', () => {
  it('retries a retryable error maxRetries times, then throws it', async () => {
    let attempts = 0;
    const notices: number[] = [];
    const failure = new ProviderAPIError({ message: 'unavailable', status: 503, retryable: true });
    await expect(
      withRetries(
        async () => {
          attempts += 1;
          throw failure;
        },
        policy,
        undefined,
        (notice) => notices.push(notice.attempt),
      ),
    ).rejects.toBe(failure);
    expect(attempts).toBe(3);
    expect(notices).toEqual([1, 2]);
  });

  it('does not retry what is not retryable', async () => {
    let attempts = 0;
    await expect(
      withRetries(
        async () => {
          attempts += 1;
          throw new ProviderAPIError({ message: 'bad', status: 400 });
        },
        policy,
        undefined,
        () => {},
      ),
    ).rejects.toThrow('bad');
    expect(attempts).toBe(1);
  });

  it('stops waiting on abort and rejects with the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const promise = withRetries(
      async () => {
        throw new RateLimitError({ message: 'later', retryAfterMs: 10_000 });
      },
      { ...policy, maxDelayMs: 60_000, signal: controller.signal },
      undefined,
      () => controller.abort(reason),
    );
    await expect(promise).rejects.toBe(reason);
  });
});
