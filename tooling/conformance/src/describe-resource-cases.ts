import { embedText } from '@tooling/mock-llm';
import { describe, expect, it } from 'vitest';
import { collectStream, type SuiteContext } from './suite-context.js';

/** Abort, early exit, sockets, model listing, health and embeddings. */
export function describeResourceCases(context: SuiteContext): void {
  describe('abort, sockets and the rest of the surface', () => {
    it('an abort before headers rejects with the signal reason and closes the connection', async () => {
      context.mock.enqueue({ kind: 'hang' });
      const controller = new AbortController();
      const reason = new Error('user pressed stop');
      const pending = context.llm().agenerate('hi', { signal: controller.signal });
      await expect.poll(() => context.mock.requests.length).toBe(1);
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      expect(await context.mock.requests[0]?.outcome).toBe('client-closed');
    });

    it('an abort mid-stream throws the reason inside the for await and closes the connection', async () => {
      context.mock.enqueue({
        kind: 'text',
        chunks: ['one', ' two', ' three', ' four', ' five'],
        latency: { betweenChunksMs: 40 },
      });
      const controller = new AbortController();
      const reason = new Error('enough');
      const stream = await context.llm().agenerate('count', { stream: true, signal: controller.signal });
      let seen = 0;
      const error = await (async () => {
        for await (const chunk of stream) {
          if (chunk.content !== '') seen += 1;
          if (seen === 2) controller.abort(reason);
        }
      })().catch((caught: unknown) => caught);
      expect(error).toBe(reason);
      expect(await context.mock.requests[0]?.outcome).toBe('client-closed');
    });

    it('breaking out of the for await closes the connection', async () => {
      context.mock.enqueue({
        kind: 'text',
        chunks: Array.from({ length: 40 }, (_, index) => `w${index} `),
        latency: { betweenChunksMs: 10 },
      });
      const stream = await context.llm().agenerate('count', { stream: true });
      for await (const chunk of stream) if (chunk.content.includes('w2')) break;
      expect(await context.mock.requests[0]?.outcome).toBe('client-closed');
    });

    it('lists models, and health reports ok, then the failure without throwing', async () => {
      const llm = context.llm({ maxRetries: 0 });
      const models = await llm.listModels();
      expect(models.length).toBeGreaterThan(0);
      expect(models.every((model) => typeof model.id === 'string' && model.id !== '')).toBe(true);
      const listPath = context.mock.requests.at(-1)?.path;
      expect((await llm.health()).ok).toBe(true);
      context.mock.enqueue({ kind: 'status', status: 500, match: { path: listPath } });
      const health = await llm.health();
      expect(health.ok).toBe(false);
      expect(health.error).toEqual(expect.any(String));
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    });

    if (context.target.features.embeddings) {
      it('embeds each input, in order', async () => {
        const vectors = await context.llm().embed(['alpha', 'beta'], { model: 'test-embedder' });
        expect(vectors).toEqual([embedText('alpha', 8), embedText('beta', 8)]);
      });
    } else {
      it('says clearly that it does not embed', async () => {
        await expect(context.llm().embed('alpha')).rejects.toThrow(/embed/);
      });
    }

    it('a stream left early and one drained leave no socket open once unloaded', async () => {
      context.mock.enqueue({ kind: 'text', text: 'a b c d' }, { kind: 'text', text: 'e f g h' });
      const llm = context.llm();
      await collectStream(await llm.agenerate('x', { stream: true }));
      for await (const _ of await llm.agenerate('y', { stream: true })) break;
      await context.closeAll();
      await expect.poll(() => context.mock.openConnections).toBe(0);
    });
  });
}
