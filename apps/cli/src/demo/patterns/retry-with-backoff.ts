import type { AddressInfo } from 'node:net';
import { createServer } from '@core/server';
import { createLLM, events } from '@core/session';
import { formatDuration } from '../../terminal.js';
import { type DemoPattern, firstLine } from '../demo-pattern.js';

const failures = 2;

/**
 * Retries are built into every call. To show them on a real failure, the demo puts the chosen LLM behind
 * `@core/server` on a loopback port whose first two chat requests answer 503 with `Retry-After: 1`, and
 * calls it over HTTP: the pipeline backs off, honours the header, and the third attempt succeeds.
 */
export const retryWithBackoff: DemoPattern = {
  name: 'retry',
  title: 'Retry with backoff',
  shows:
    'A request that really fails twice (HTTP 503, Retry-After: 1) is retried by the pipeline and succeeds.',
  async run({ llm, terminal, maxTokens }) {
    const app = createServer({ llm });
    let refused = 0;
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/v1/chat/completions') && refused < failures) {
        refused += 1;
        await reply
          .code(503)
          .header('retry-after', '1')
          .send({
            error: { message: 'The demo server is overloaded on purpose', type: 'server_error', code: null },
          });
      }
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const client = createLLM('openai-compatible', {
      baseUrl: `http://127.0.0.1:${port}/v1`,
      model: llm.model ?? 'default',
      maxRetries: 3,
    });
    const started = performance.now();
    const off = events.on('retry', (event) => {
      const status = (event.error as { status?: number }).status;
      terminal.line(
        `  attempt ${event.attempt} failed (HTTP ${status ?? '?'}); retrying in ${formatDuration(event.delayMs)} at +${formatDuration(performance.now() - started)}`,
      );
    });
    try {
      const response = await client.agenerate('What is Python?', { maxTokens });
      terminal.line(
        `  ${terminal.colors.green('succeeded')} after ${refused} failures in ${formatDuration(performance.now() - started)}: ${firstLine(response.content, terminal.width - 40)}`,
      );
    } finally {
      off();
      await client.unloadModel();
      await app.close();
    }
    return undefined;
  },
};
