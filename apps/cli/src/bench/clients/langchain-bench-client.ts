import { ChatOpenAI } from '@langchain/openai';
import type { BenchClient, BenchClientSettings, StreamHooks } from '../bench-types.js';

function textOf(content: unknown): string {
  return typeof content === 'string' ? content : '';
}

/** `@langchain/openai`'s `ChatOpenAI` (Chat Completions for this model name), retries off, `invoke` / `stream`. */
export function createLangChainBenchClient(settings: BenchClientSettings): BenchClient {
  const chat = new ChatOpenAI({
    model: settings.model,
    apiKey: settings.apiKey,
    configuration: { baseURL: `${settings.url}/v1` },
    maxRetries: 0,
  });

  async function call(prompt: string): Promise<string> {
    const message = await chat.invoke(prompt);
    return textOf(message.content);
  }

  async function stream(prompt: string, hooks: StreamHooks = {}): Promise<number> {
    const chunks = await chat.stream(prompt, { signal: hooks.signal });
    let count = 0;
    for await (const chunk of chunks) {
      if (textOf(chunk.content) === '') continue;
      if (count === 0) hooks.onFirstChunk?.();
      count++;
    }
    return count;
  }

  return { call, stream, close: async () => {} };
}
