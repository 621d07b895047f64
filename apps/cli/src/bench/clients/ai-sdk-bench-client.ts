import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import type { BenchClient, BenchClientSettings, StreamHooks } from '../bench-types.js';

/** The Vercel AI SDK: `@ai-sdk/openai`'s Chat Completions model (`.chat`) with `generateText` / `streamText`. */
export function createAiSdkBenchClient(settings: BenchClientSettings): BenchClient {
  const provider = createOpenAI({ baseURL: `${settings.url}/v1`, apiKey: settings.apiKey });
  const model = provider.chat(settings.model);

  async function call(prompt: string): Promise<string> {
    const result = await generateText({ model, prompt, maxRetries: 0 });
    return result.text;
  }

  async function stream(prompt: string, hooks: StreamHooks = {}): Promise<number> {
    const result = streamText({
      model,
      prompt,
      maxRetries: 0,
      abortSignal: hooks.signal,
      // Errors are thrown from the loop below; the default handler would also print them.
      onError: () => {},
    });
    let count = 0;
    for await (const part of result.fullStream) {
      if (part.type === 'error') throw part.error;
      if (part.type === 'abort') throw hooks.signal?.reason ?? new Error('ai-sdk: stream aborted');
      if (part.type !== 'text-delta' || part.text === '') continue;
      if (count === 0) hooks.onFirstChunk?.();
      count++;
    }
    return count;
  }

  return { call, stream, close: async () => {} };
}
