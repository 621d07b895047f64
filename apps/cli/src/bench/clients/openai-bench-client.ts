import { OpenAI } from 'openai';
import type { BenchClient, BenchClientSettings, StreamHooks } from '../bench-types.js';

/** The official `openai` client, retries off, Chat Completions. */
export function createOpenAIBenchClient(settings: BenchClientSettings): BenchClient {
  const client = new OpenAI({ baseURL: `${settings.url}/v1`, apiKey: settings.apiKey, maxRetries: 0 });

  async function call(prompt: string): Promise<string> {
    const completion = await client.chat.completions.create({
      model: settings.model,
      messages: [{ role: 'user', content: prompt }],
    });
    return completion.choices[0]?.message.content ?? '';
  }

  async function stream(prompt: string, hooks: StreamHooks = {}): Promise<number> {
    const chunks = await client.chat.completions.create(
      { model: settings.model, messages: [{ role: 'user', content: prompt }], stream: true },
      { signal: hooks.signal },
    );
    let count = 0;
    for await (const chunk of chunks) {
      const content = chunk.choices[0]?.delta.content;
      if (typeof content !== 'string' || content === '') continue;
      if (count === 0) hooks.onFirstChunk?.();
      count++;
    }
    return count;
  }

  return { call, stream, close: async () => {} };
}
