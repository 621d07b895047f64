import { createOpenAICompatibleAdapter } from '@provider/openai-compatible';
import { Pool } from 'undici';
import type { BenchClient, BenchClientSettings, StreamHooks } from '../bench-types.js';

// The layers of a stream, measured like clients so the report can say where the CPU time goes (the
// "profile by layer"): the HTTP exchange alone, then our adapter (transport, SSE decoding, JSON parsing,
// mapping to chunks, read a batch at a time), against which raw undici (split + parse) and createLLM
// (the pipeline and the caller's `for await`) are compared. Streams only: `call` is not a layer.

const dataMarker = Buffer.from('data: {');

function notALayer(): Promise<string> {
  return Promise.reject(new Error('bench: layer clients measure streams only'));
}

/** The HTTP exchange and nothing else: undici reads the body's bytes; events are counted, not parsed. */
export function createHttpLayerBenchClient(settings: BenchClientSettings): BenchClient {
  const pool = new Pool(new URL(settings.url).origin, { connections: settings.maxConnections });
  const headers = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    authorization: `Bearer ${settings.apiKey}`,
  };
  async function stream(prompt: string, hooks: StreamHooks = {}): Promise<number> {
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: settings.model,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
      }),
      signal: hooks.signal,
    });
    let events = 0;
    for await (const bytes of response.body as AsyncIterable<Buffer>) {
      for (let at = bytes.indexOf(dataMarker); at !== -1; at = bytes.indexOf(dataMarker, at + 1)) {
        if (events === 0) hooks.onFirstChunk?.();
        events += 1;
      }
    }
    // The last event is the finish chunk, which carries no text.
    return events - 1;
  }
  return { call: notALayer, stream, close: () => pool.close() };
}

/** Our adapter without the pipeline: `doStream` read batch by batch, chunks counted. */
export function createAdapterLayerBenchClient(settings: BenchClientSettings): BenchClient {
  const adapter = createOpenAICompatibleAdapter({
    baseUrl: `${settings.url}/v1`,
    model: settings.model,
    apiKey: settings.apiKey,
  });
  async function stream(prompt: string, hooks: StreamHooks = {}): Promise<number> {
    const events = await adapter.doStream({
      model: settings.model,
      messages: [{ role: 'user', content: prompt }],
      timeoutMs: 600_000,
      ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
    });
    let count = 0;
    for (let batch = await events.read(); batch !== undefined; batch = await events.read()) {
      for (const chunk of batch) {
        if (chunk.content === '') continue;
        if (count === 0) hooks.onFirstChunk?.();
        count += 1;
      }
    }
    return count;
  }
  return { call: notALayer, stream, close: () => adapter.unload() };
}
