import { Pool } from 'undici';
import type { BenchClient, BenchClientSettings, StreamHooks } from '../bench-types.js';

interface ChatCompletion {
  choices?: Array<{ message?: { content?: string | null } }>;
}

interface ChatCompletionChunk {
  choices?: Array<{ delta?: { content?: string | null } }>;
}

const dataPrefix = 'data: ';

/**
 * The practical limit: one undici `Pool` with a socket per request in flight, `pool.request`, and the least
 * SSE handling that still yields text (split lines, `JSON.parse` each `data:` payload once, read the delta).
 * No retries, no timeouts, no error classes: what any client must do, and nothing more.
 */
export function createUndiciBenchClient(settings: BenchClientSettings): BenchClient {
  const origin = new URL(settings.url).origin;
  const pool = new Pool(origin, { connections: settings.maxConnections });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${settings.apiKey}` };

  function body(prompt: string, stream: boolean): string {
    return JSON.stringify({ model: settings.model, messages: [{ role: 'user', content: prompt }], stream });
  }

  async function call(prompt: string): Promise<string> {
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers,
      body: body(prompt, false),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`undici: HTTP ${response.statusCode}`);
    }
    const completion = (await response.body.json()) as ChatCompletion;
    return completion.choices?.[0]?.message?.content ?? '';
  }

  async function stream(prompt: string, hooks: StreamHooks = {}): Promise<number> {
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { ...headers, accept: 'text/event-stream' },
      body: body(prompt, true),
      signal: hooks.signal,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`undici: HTTP ${response.statusCode}`);
    }
    const decoder = new TextDecoder();
    let pending = '';
    let chunks = 0;
    for await (const bytes of response.body) {
      const text = pending + decoder.decode(bytes as Uint8Array, { stream: true });
      let start = 0;
      let end = text.indexOf('\n', start);
      while (end !== -1) {
        if (text.startsWith(dataPrefix, start) && text.charCodeAt(start + dataPrefix.length) === 0x7b) {
          const event = JSON.parse(text.slice(start + dataPrefix.length, end)) as ChatCompletionChunk;
          const content = event.choices?.[0]?.delta?.content;
          if (typeof content === 'string' && content !== '') {
            if (chunks === 0) hooks.onFirstChunk?.();
            chunks++;
          }
        }
        start = end + 1;
        end = text.indexOf('\n', start);
      }
      pending = text.slice(start);
    }
    return chunks;
  }

  return { call, stream, close: () => pool.close() };
}
