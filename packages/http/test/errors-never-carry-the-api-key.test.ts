import { inspect } from 'node:util';
import { AbstractCoreError } from '@core/types';
import { type MockLlm, startMockLlm } from '@tooling/mock-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../src/transport/create-transport.js';
import type { Transport } from '../src/transport/transport-types.js';
import { expectNoUnhandledRejections, rejectionOf } from './support/socket-helpers.js';

const bearerKey = 'sk-test-SECRET-0123456789abcdef';
// Not shaped like any known key format: only registration can redact it.
const headerKey = 'plainSECRETvalue-9f8e7d6c5b4a';
const streamBody = { model: 'mock-model', stream: true, messages: [{ role: 'user', content: 'hi' }] };

// Every view of an error a log, an HTTP body or a debugger might show, down the cause chain.
function viewsOf(error: unknown): string[] {
  const views: string[] = [inspect(error, { depth: 8, showHidden: true })];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof Error) {
      views.push(current.message, current.stack ?? '', String(current));
      current = current.cause;
    } else {
      views.push(String(current));
      current = undefined;
    }
  }
  views.push(JSON.stringify(error));
  return views;
}

describe('no error shows the API key', () => {
  let mock: MockLlm;
  let transport: Transport;
  expectNoUnhandledRejections();

  beforeAll(async () => {
    mock = await startMockLlm();
    transport = createTransport({
      provider: 'openai',
      baseUrl: mock.openaiBaseUrl,
      headers: { Authorization: `Bearer ${bearerKey}`, 'x-api-key': headerKey },
    });
  });
  afterAll(async () => {
    await transport.close();
    await mock.close();
  });

  async function producedErrors(): Promise<unknown[]> {
    const errors: unknown[] = [];
    // A provider that echoes the key back in its error body, the worst case.
    mock.enqueue({
      kind: 'status',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${bearerKey} (x-api-key ${headerKey})` } },
    });
    errors.push(await rejectionOf(transport.requestJson({ path: '/chat/completions', body: streamBody })));
    mock.enqueue({ kind: 'status', status: 500, body: `upstream said Authorization: Bearer ${bearerKey}` });
    errors.push(await rejectionOf(transport.streamSse({ path: '/chat/completions', body: streamBody })));
    mock.enqueue({ kind: 'reset-before-headers' });
    errors.push(await rejectionOf(transport.requestJson({ path: '/chat/completions', body: streamBody })));
    mock.enqueue({ kind: 'hang' });
    errors.push(
      await rejectionOf(
        transport.requestJson({ path: '/chat/completions', body: streamBody, timeoutMs: 50 }),
      ),
    );
    mock.enqueue({ kind: 'reset-mid-stream', afterChunks: 1 });
    const broken = await transport.streamSse({ path: '/chat/completions', body: streamBody });
    errors.push(
      await rejectionOf(
        (async () => {
          for await (const _event of broken);
        })(),
      ),
    );
    mock.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: `{"key":"${bearerKey}"`,
    });
    errors.push(await rejectionOf(transport.requestJson({ path: '/chat/completions', body: streamBody })));
    const closed = await startMockLlm();
    const deadUrl = closed.openaiBaseUrl;
    await closed.close();
    const refused = createTransport({
      provider: 'openai',
      baseUrl: deadUrl,
      headers: { authorization: `Bearer ${bearerKey}` },
    });
    errors.push(await rejectionOf(refused.requestJson({ path: '/models' })));
    await refused.close();
    return errors;
  }

  it('in message, stack, JSON, inspect or the cause chain of any error', async () => {
    const errors = await producedErrors();
    expect(errors).toHaveLength(7);
    for (const error of errors) {
      expect(AbstractCoreError.isInstance(error), String(error)).toBe(true);
      for (const view of viewsOf(error)) {
        expect(view).not.toContain(bearerKey);
        expect(view).not.toContain(headerKey);
        expect(view).not.toContain('SECRET');
      }
    }
    // The provider's message itself survives, with the key cut out.
    expect((errors[0] as Error).message).toContain('Incorrect API key provided');
  });
});
