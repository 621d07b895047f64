// Run by many-concurrent-streams.test.ts as `node --expose-gc test/memory-probe.mjs <clients> <rounds>`:
// streams <clients> concurrent SSE chat completions through the built server, <rounds> times over, and prints
// one JSON line with heapUsed after a forced GC, before and after. Its own process, so vitest's heap and
// module cache do not blur the numbers.
import { request } from 'node:http';
import { createLLM } from '@core/session';
import { startMockLlm } from '@tooling/mock-llm';
import { serve } from '../dist/index.js';

const clients = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 5);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const mock = await startMockLlm({ latency: { betweenChunksMs: 2 }, maxRecordedRequests: clients });
const llm = createLLM('openai-compatible', {
  baseUrl: mock.openaiBaseUrl,
  model: 'mock-model',
  maxRetries: 0,
});
const server = await serve({ llm, port: 0 });
const url = new URL('/v1/chat/completions', server.url);

function streamOne(index) {
  const prompt = `client ${index} asks for a streamed reply of several words`;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json' },
    });
    outgoing.on('error', reject);
    outgoing.on('response', (incoming) => {
      incoming.setEncoding('utf8');
      const parts = [];
      incoming.on('data', (text) => parts.push(text));
      incoming.on('end', () => {
        const contents = [];
        for (const line of parts.join('').split('\n')) {
          if (!line.startsWith('data: {')) continue;
          const content = JSON.parse(line.slice(6)).choices[0]?.delta?.content;
          if (content !== undefined) contents.push(content);
        }
        const text = contents.join('');
        if (text !== `Echo: ${prompt}`) reject(new Error(`client ${index} got ${JSON.stringify(text)}`));
        else resolve();
      });
    });
    outgoing.end(
      JSON.stringify({ model: 'mock-model', stream: true, messages: [{ role: 'user', content: prompt }] }),
    );
  });
}

async function round() {
  await Promise.all(Array.from({ length: clients }, (_, index) => streamOne(index)));
  mock.reset();
}

async function settledHeap() {
  for (let pass = 0; pass < 4; pass++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

// The first rounds warm up what stays for good: JIT code, the upstream pool, lazily loaded modules.
await round();
await round();
const baselineBytes = await settledHeap();
const startedAt = performance.now();
for (let index = 0; index < rounds; index++) await round();
const elapsedMs = performance.now() - startedAt;
const afterBytes = await settledHeap();
await server.close();
await mock.close();
process.stdout.write(`${JSON.stringify({ clients, rounds, baselineBytes, afterBytes, elapsedMs })}\n`);
