import { ProviderAPIError, ProviderConnectionError, TimeoutError } from '@core/types';
import { describe, expect, it } from 'vitest';
import { collectStream, errorViews, failureOf, type SuiteContext } from './suite-context.js';

/** Broken wires: resets, hangs, garbage and in-band errors end in the right class, where the user can catch it. */
export function describeFaultCases(context: SuiteContext): void {
  const expectNoKey = (error: unknown): void => {
    const key = context.target.apiKey;
    if (key === undefined) return;
    for (const view of errorViews(error)) expect(view).not.toContain(key);
  };

  describe('faults', () => {
    it('a reset before headers is retried, stream or not', async () => {
      for (const stream of [false, true]) {
        context.mock.reset();
        context.mock.enqueue({ kind: 'reset-before-headers' }, { kind: 'text', text: 'second try' });
        const response = await context.llm().agenerate('hi', { stream });
        const text =
          'content' in response
            ? response.content
            : (await collectStream(response)).chunks.map((chunk) => chunk.content).join('');
        expect(text).toBe('second try');
        expect(context.mock.requests).toHaveLength(2);
      }
    });

    it('a reset mid-stream is a ProviderConnectionError inside the for await, never retried', async () => {
      context.mock.enqueue(
        { kind: 'reset-mid-stream', afterChunks: 2 },
        { kind: 'text', text: 'must not be used' },
      );
      const stream = await context.llm().agenerate('hi there friend', { stream: true });
      const { chunks, error } = await collectStream(stream);
      expect(ProviderConnectionError.isInstance(error), String(error)).toBe(true);
      expect(chunks.length).toBeGreaterThan(0);
      expect(context.mock.requests).toHaveLength(1);
      expectNoKey(error);
    });

    it('a hung server ends in a TimeoutError: total for a call, first-chunk for a stream', async () => {
      context.mock.enqueue({ kind: 'hang' }, { kind: 'hang' });
      const total = await failureOf(context.llm({ maxRetries: 0 }), 'hi', { stream: false, timeout: 150 });
      expect(TimeoutError.isInstance(total), String(total)).toBe(true);
      expect((total as TimeoutError).phase).toBe('total');
      const first = await failureOf(context.llm({ maxRetries: 0 }), 'hi', { stream: true, timeout: 150 });
      expect(TimeoutError.isInstance(first), String(first)).toBe(true);
      expect((first as TimeoutError).phase).toBe('first-chunk');
      expectNoKey(first);
    });

    it('a stream that stalls after its first chunk ends in an idle TimeoutError', async () => {
      context.mock.enqueue({ kind: 'hang', afterChunks: 1 });
      const stream = await context
        .llm({ maxRetries: 0 })
        .agenerate('hi there', { stream: true, idleTimeout: 150 });
      const { chunks, error } = await collectStream(stream);
      expect(chunks.length).toBeGreaterThan(0);
      expect(TimeoutError.isInstance(error), String(error)).toBe(true);
      expect((error as TimeoutError).phase).toBe('idle');
    });

    it('malformed JSON is a ProviderAPIError, stream or not, never content', async () => {
      for (const stream of [false, true]) {
        context.mock.reset();
        context.mock.enqueue({ kind: 'malformed-json' });
        const error = await failureOf(context.llm({ maxRetries: 0 }), 'hi', { stream });
        expect(ProviderAPIError.isInstance(error), `stream=${stream}: ${String(error)}`).toBe(true);
      }
    });

    it('a stream without its finish signal is a ProviderConnectionError; a cut body is a ProviderAPIError', async () => {
      context.mock.enqueue({ kind: 'truncated' });
      const stream = await context.llm({ maxRetries: 0 }).agenerate('hi there', { stream: true });
      const { error } = await collectStream(stream);
      expect(ProviderConnectionError.isInstance(error), String(error)).toBe(true);
      context.mock.enqueue({ kind: 'truncated' });
      const cut = await failureOf(context.llm({ maxRetries: 0 }), 'hi there', { stream: false });
      expect(ProviderAPIError.isInstance(cut), String(cut)).toBe(true);
    });

    it('an in-band error mid-stream is thrown as a typed error with the provider message, never yielded', async () => {
      context.mock.enqueue({ kind: 'error-event', afterChunks: 1, message: 'upstream model crashed' });
      const stream = await context.llm({ maxRetries: 0 }).agenerate('hi there', { stream: true });
      const { chunks, error } = await collectStream(stream);
      expect(ProviderAPIError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toContain('upstream model crashed');
      expect(chunks.map((chunk) => chunk.content).join('')).not.toContain('upstream model crashed');
      context.mock.enqueue({ kind: 'error-event', message: 'upstream model crashed' });
      const inBody = await failureOf(context.llm({ maxRetries: 0 }), 'hi', { stream: false });
      expect(ProviderAPIError.isInstance(inBody), String(inBody)).toBe(true);
    });
  });
}
