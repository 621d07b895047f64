import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLLM } from '@core/session';
import { describe, expect, it } from 'vitest';
import { hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

// A correctness check, not a speed claim: inference on the main thread would block it for whole forward
// passes and loads; in workers, the main thread only receives text.
describe.skipIf(!hasStoriesModel)(
  `the caller's event loop stays free while a model loads and generates${skipNote}`,
  () => {
    it('keeps the event-loop delay p99 under 100 ms', async () => {
      const llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0, workers: 2 });
      const histogram = monitorEventLoopDelay({ resolution: 5 });
      histogram.enable();
      try {
        const started = performance.now();
        let tokens = 0;
        while (performance.now() - started < 1500) {
          const results = await Promise.all([
            llm.agenerate('Once upon a time', {
              temperature: 0,
              maxTokens: 200,
              providerOptions: { min_new_tokens: 200 },
            }),
            (async () => {
              let count = 0;
              for await (const chunk of await llm.agenerate('Tom had a red car.', {
                temperature: 1,
                maxTokens: 200,
                stream: true,
              })) {
                count += chunk.content === '' ? 0 : 1;
              }
              return count;
            })(),
          ]);
          tokens += (results[0].usage.outputTokens ?? 0) + results[1];
        }
        histogram.disable();
        expect(tokens).toBeGreaterThan(200);
        expect(histogram.percentile(99) / 1e6).toBeLessThan(100);
      } finally {
        histogram.disable();
        await llm.unloadModel();
      }
    });
  },
);
