import type { Attributes, Histogram, Meter } from '@opentelemetry/api';
import type { Otel } from './load-otel-api.js';

/** The GenAI client instruments of one meter. */
export interface GenAiInstruments {
  readonly tokenUsage: Histogram;
  readonly duration: Histogram;
  readonly timeToFirstChunk: Histogram;
}

// The bucket boundaries the GenAI metric conventions give (docs/gen-ai/gen-ai-metrics.md).
const tokenBuckets = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
const durationBuckets = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
const firstChunkBuckets = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
];

// One set per meter: a meter provider registered later (tests, a restarted SDK) gets its own.
const byMeter = new WeakMap<Meter, GenAiInstruments>();

/** The instruments of the registered meter provider's `@core/session` meter, made once. */
export function genAiInstruments(otel: Otel): GenAiInstruments {
  const meter = otel.metrics.getMeter('@core/session');
  let instruments = byMeter.get(meter);
  if (instruments === undefined) {
    instruments = {
      tokenUsage: meter.createHistogram('gen_ai.client.token.usage', {
        unit: '{token}',
        description: 'Number of input and output tokens used.',
        advice: { explicitBucketBoundaries: tokenBuckets },
      }),
      duration: meter.createHistogram('gen_ai.client.operation.duration', {
        unit: 's',
        description: 'GenAI operation duration.',
        advice: { explicitBucketBoundaries: durationBuckets },
      }),
      timeToFirstChunk: meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', {
        unit: 's',
        description: 'Time to receive the first chunk of a streamed response.',
        advice: { explicitBucketBoundaries: firstChunkBuckets },
      }),
    };
    byMeter.set(meter, instruments);
  }
  return instruments;
}

/** Records a finished operation's tokens (input and output, each when known). */
export function recordTokens(
  instruments: GenAiInstruments,
  attributes: Attributes,
  input: number | undefined,
  output: number | undefined,
): void {
  if (input !== undefined) {
    instruments.tokenUsage.record(input, { ...attributes, 'gen_ai.token.type': 'input' });
  }
  if (output !== undefined) {
    instruments.tokenUsage.record(output, { ...attributes, 'gen_ai.token.type': 'output' });
  }
}
