import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLLM } from '@core/session';
import type { LLM } from '@core/types';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStoriesModel, skipNote, storiesPath } from './stories-model.js';

// The local model runs in this process: its calls are INTERNAL spans, with no server and nothing to propagate.
describe.skipIf(!hasStoriesModel)(`a local model's calls, traced${skipNote}`, () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let llm: LLM;
  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
    llm = createLLM('onnx', { model: storiesPath(), maxRetries: 0, temperature: 0, maxTokens: 8 });
  });
  afterAll(async () => {
    await llm.unloadModel();
    await provider.shutdown();
    trace.disable();
  });

  it('a call and a stream are INTERNAL chat spans with usage, and no header warning', async () => {
    const response = await llm.agenerate('Once upon a time');
    expect(response.warnings).toEqual([]);
    const stream = await llm.agenerate('Once upon a time', { stream: true });
    for await (const _chunk of stream) {
    }
    expect((await stream.completion).warnings).toEqual([]);

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.name).toBe(`chat ${String(span.attributes['gen_ai.request.model'])}`);
      expect(span.kind).toBe(SpanKind.INTERNAL);
      expect(span.attributes['gen_ai.provider.name']).toBe('onnx');
      expect(span.attributes['server.address']).toBeUndefined();
      expect(span.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['length']);
    }
    expect(spans[1]?.attributes['gen_ai.request.stream']).toBe(true);
    expect(typeof spans[1]?.attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
  });

  it('a failed call is an INTERNAL span with an ERROR status and the error class', async () => {
    exporter.reset();
    const missing = join(tmpdir(), 'abstractcore-onnx-no-such-model', 'traced');
    const broken = createLLM('onnx', { model: missing, maxRetries: 0 });
    const error = await broken.agenerate('Once upon a time').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    await broken.unloadModel();
    const [span] = exporter.getFinishedSpans();
    expect(span?.kind).toBe(SpanKind.INTERNAL);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe((error as Error).name);
    expect(span?.attributes['error.type']).toBe('ModelNotFoundError');
  });
});
