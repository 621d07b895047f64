import { createLLM } from '@core/session';
import type { LLM, LLMOptions } from '@core/types';
import { type MockLlm, type MockLlmOptions, startMockLlm } from '@tooling/mock-llm';
import { type RunningServer, type ServeOptions, serve } from '../../src/index.js';

/** The server under test, listening on loopback, with mock-llm as its upstream. */
export interface Stack {
  mock: MockLlm;
  llm: LLM;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts mock-llm, an `openai-compatible` LLM pointed at it (no retries unless asked, so a scripted failure
 * reaches the server as it is), and `serve` on a free port.
 */
export async function startStack(
  options: { server?: Omit<ServeOptions, 'llm'>; llm?: LLMOptions; mock?: MockLlmOptions } = {},
): Promise<Stack> {
  const mock = await startMockLlm(options.mock);
  const llm = createLLM('openai-compatible', {
    baseUrl: mock.openaiBaseUrl,
    model: 'mock-model',
    maxRetries: 0,
    ...options.llm,
  });
  const server = await serve({ llm, port: 0, ...options.server });
  return {
    mock,
    llm,
    server,
    url: server.url,
    async close() {
      await server.close();
      await mock.close();
    },
  };
}
