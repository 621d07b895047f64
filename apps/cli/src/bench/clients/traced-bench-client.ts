import { metrics, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  type Sampler,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { BenchClient, BenchClientSettings } from '../bench-types.js';
import { createOursBenchClient } from './ours-bench-client.js';

// Issue 20, "cost when off": `createLLM('openai-compatible')` exactly as the ours-compatible client (which
// is "tracing off": no SDK registered), but with an OpenTelemetry SDK registered globally in the worker
// process first, as an application registers one. @core/session finds it through the API's global registry.

/** Which SDK the worker registers: `noop` samples every span out; `memory` records and exports to memory. */
export type TracingVariant = 'noop' | 'memory';

// The in-memory exporters keep everything they are given; the bench empties them this often, ms, so memory
// does not grow over a run of a million spans.
const clearEveryMs = 500;

// A real SDK collects metrics on a timer; this one does so every second (the default is a minute, which
// would put no collection inside a measurement).
const metricExportIntervalMs = 1000;

// The metric every traced call records; its absence after a run means tracing never engaged.
const durationMetric = 'gen_ai.client.operation.duration';

// The AlwaysOffSampler, counting its decisions: a sampled-out SDK that @core/session never consulted would
// look free, and the bench would report a cost it did not measure.
function countingAlwaysOffSampler(): { sampler: Sampler; decisions: () => number } {
  const alwaysOff: Sampler = new AlwaysOffSampler();
  let decisions = 0;
  const sampler: Sampler = {
    shouldSample(...parameters) {
      decisions++;
      return alwaysOff.shouldSample(...parameters);
    },
    toString: () => alwaysOff.toString(),
  };
  return { sampler, decisions: () => decisions };
}

function registerNoop(settings: BenchClientSettings): BenchClient {
  const { sampler, decisions } = countingAlwaysOffSampler();
  const tracerProvider = new BasicTracerProvider({ sampler });
  trace.setGlobalTracerProvider(tracerProvider);
  const client = createOursBenchClient('openai-compatible', settings);
  return {
    call: client.call,
    stream: client.stream,
    async close() {
      await client.close();
      await tracerProvider.shutdown();
      if (decisions() === 0) throw new Error('traced-noop: no span was ever started; tracing did not engage');
    },
  };
}

function registerMemory(settings: BenchClientSettings): BenchClient {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  // Cumulative, so the export at shutdown holds every call's data points whenever the last periodic one ran.
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: metricExporter,
        exportIntervalMillis: metricExportIntervalMs,
        exportTimeoutMillis: metricExportIntervalMs,
      }),
    ],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  let exportedSpans = 0;
  const clear = (): void => {
    exportedSpans += spanExporter.getFinishedSpans().length;
    spanExporter.reset();
    metricExporter.reset();
  };
  const timer = setInterval(clear, clearEveryMs);
  timer.unref();

  const client = createOursBenchClient('openai-compatible', settings);
  return {
    call: client.call,
    stream: client.stream,
    async close() {
      clearInterval(timer);
      clear();
      await client.close();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      const recorded = metricExporter
        .getMetrics()
        .some((resource) =>
          resource.scopeMetrics.some((scope) =>
            scope.metrics.some((metric) => metric.descriptor.name === durationMetric),
          ),
        );
      if (exportedSpans === 0 || !recorded) {
        throw new Error(
          `traced-memory: ${exportedSpans} spans exported, ${durationMetric} ${recorded ? '' : 'not '}recorded; tracing did not engage`,
        );
      }
    },
  };
}

/**
 * Registers the variant's SDK globally, then creates the ours-compatible client. `close` shuts the SDK down
 * and throws when the SDK never saw a call (no span started, or for `memory` none exported or no duration
 * metric), so a run cannot pass off untraced calls as traced ones.
 */
export function createTracedBenchClient(variant: TracingVariant, settings: BenchClientSettings): BenchClient {
  return variant === 'noop' ? registerNoop(settings) : registerMemory(settings);
}
