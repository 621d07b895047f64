import { createLLM } from '@core/session';
import type { BenchClient, BenchClientSettings, StreamHooks } from '../bench-types.js';

/** Which of our providers a client goes through, and the base URL each wants from the mock's origin. */
export type OursProvider = 'openai-compatible' | 'openai' | 'anthropic' | 'ollama';

function baseUrlFor(provider: OursProvider, url: string): string {
  switch (provider) {
    case 'openai-compatible':
    case 'openai':
      return `${url}/v1`;
    default:
      // Anthropic's and Ollama's paths (/v1/messages, /api/chat) start at the origin.
      return url;
  }
}

/** Our client: `createLLM(provider)` with retries off, exactly as a user would call it. */
export function createOursBenchClient(provider: OursProvider, settings: BenchClientSettings): BenchClient {
  const llm = createLLM(provider, {
    baseUrl: baseUrlFor(provider, settings.url),
    model: settings.model,
    apiKey: settings.apiKey,
    maxRetries: 0,
  });

  async function call(prompt: string): Promise<string> {
    const response = await llm.agenerate(prompt);
    return response.content;
  }

  async function stream(prompt: string, hooks: StreamHooks = {}): Promise<number> {
    const chunks = await llm.agenerate(prompt, { stream: true, signal: hooks.signal });
    let count = 0;
    for await (const chunk of chunks) {
      if (chunk.content === '') continue;
      if (count === 0) hooks.onFirstChunk?.();
      count++;
    }
    return count;
  }

  return { call, stream, close: () => llm.unloadModel() };
}
