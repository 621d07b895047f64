import { readFile } from 'node:fs/promises';
import { createLLM } from '@core/session';
import type { GenerateChunk, LLM, LLMOptions } from '@core/types';
import type { MockLlm } from '@tooling/mock-llm';

/** An Ollama LLM aimed at the mock: no retries, so a scripted failure is seen as it is. */
export function ollamaAt(mock: MockLlm, options: LLMOptions = {}): LLM {
  return createLLM('ollama', { baseUrl: mock.url, model: 'test-model', maxRetries: 0, ...options });
}

/** The raw bytes of one of our own wire fixtures in `test/fixtures/`. */
export function readOwnFixture(name: string): Promise<string> {
  return readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Every chunk of a stream, collected. */
export async function collect(stream: AsyncIterable<GenerateChunk>): Promise<GenerateChunk[]> {
  const chunks: GenerateChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** The JSON body of the mock's `index`th recorded request, as a record. */
export function bodyOf(mock: MockLlm, index = 0): Record<string, unknown> {
  const request = mock.requests[index];
  if (request === undefined) throw new Error(`the mock recorded no request ${index}`);
  return request.body as Record<string, unknown>;
}

/** Waits until `check` holds (polling every 10 ms), or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
