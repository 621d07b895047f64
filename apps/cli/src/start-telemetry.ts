import type { DiagLogger } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';

/** The OpenTelemetry SDK `startTelemetry` registered. */
export interface Telemetry {
  /**
   * Exports what is still buffered and stops the SDK, waiting at most {@link shutdownTimeoutMs} ms. Resolves
   * `true` when the SDK finished in time, `false` when it was still exporting (a collector that is down or
   * slow: what it holds is dropped, and its retry timers may still hold the process). Never rejects.
   */
  shutdown(): Promise<boolean>;
}

/**
 * The longest the CLI waits (ms) at exit for the last spans and metrics. The OTLP exporter retries a refused
 * or timed-out export with backoff until `OTEL_EXPORTER_OTLP_TIMEOUT` (10 s by default) runs out; a command
 * must not take that much longer because its collector is down.
 */
export const shutdownTimeoutMs = 2_000;

function isSet(name: string): boolean {
  const value = process.env[name];
  return value !== undefined && value.trim() !== '';
}

// A signal is exported when an OTLP endpoint is configured for it, unless `OTEL_{SIGNAL}_EXPORTER=none` (the
// spec's value for "no exporter") turns it off. Without an endpoint nothing is loaded: the OTLP default of
// localhost:4318 is no reason to start an SDK in a CLI whose start-up time is measured.
function exported(signal: 'TRACES' | 'METRICS'): boolean {
  return (
    (isSet('OTEL_EXPORTER_OTLP_ENDPOINT') || isSet(`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`)) &&
    process.env[`OTEL_${signal}_EXPORTER`]?.trim().toLowerCase() !== 'none'
  );
}

// The SDK's diagnostics (failed exports, bad variables), shown only when `OTEL_LOG_LEVEL` asks for them, as
// NodeSDK does. Everything goes to stderr: the API's DiagConsoleLogger prints info and debug with
// console.info/debug, onto stdout, where `batch` writes its results.
const stderrLogger: DiagLogger = {
  error: (message, ...args) => console.error(message, ...args),
  warn: (message, ...args) => console.error(message, ...args),
  info: (message, ...args) => console.error(message, ...args),
  debug: (message, ...args) => console.error(message, ...args),
  verbose: (message, ...args) => console.error(message, ...args),
};

// A NodeTracerProvider also registers the AsyncLocalStorage context manager (so a call's span is the parent
// of what runs inside it) and W3C trace context propagation (the `traceparent` sent to providers). The
// exporter reads OTEL_EXPORTER_OTLP_{,TRACES_}{ENDPOINT,HEADERS,TIMEOUT,COMPRESSION}; the provider reads
// OTEL_TRACES_SAMPLER(_ARG) and the span limits; the batch processor reads OTEL_BSP_*.
async function startTraces(resource: Resource): Promise<() => Promise<void>> {
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return () => provider.shutdown();
}

// The reader exports every OTEL_METRIC_EXPORT_INTERVAL ms (60 s by default) and once more at shutdown, so a
// short command exports its metrics once, at the end. The exporter reads the OTLP variables for METRICS and
// OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE.
async function startMetrics(resource: Resource): Promise<() => Promise<void>> {
  const [
    api,
    { getNumberFromEnv },
    { MeterProvider, PeriodicExportingMetricReader },
    { OTLPMetricExporter },
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/exporter-metrics-otlp-http'),
  ]);
  // The reader takes these as options only (NodeSDK reads them for it); each is passed only when set, since
  // the reader refuses an explicit interval shorter than an explicit timeout but clamps its own default.
  const intervalMs = getNumberFromEnv('OTEL_METRIC_EXPORT_INTERVAL');
  const timeoutMs = getNumberFromEnv('OTEL_METRIC_EXPORT_TIMEOUT');
  const provider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        ...(intervalMs === undefined ? {} : { exportIntervalMillis: intervalMs }),
        ...(timeoutMs === undefined ? {} : { exportTimeoutMillis: timeoutMs }),
      }),
    ],
  });
  api.metrics.setGlobalMeterProvider(provider);
  return () => provider.shutdown();
}

/**
 * Registers the OpenTelemetry SDK globally, exporting traces and metrics with OTLP/HTTP (JSON), when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or a signal's own `OTEL_EXPORTER_OTLP_{TRACES,METRICS}_ENDPOINT`) is set and
 * `OTEL_SDK_DISABLED` is not `true`; otherwise resolves `undefined` without loading any of it. Call it before
 * the first LLM call; `@core/session` then traces every call. The service is `abstractcore` unless
 * `OTEL_SERVICE_NAME` (or `service.name` in `OTEL_RESOURCE_ATTRIBUTES`) names another. Throws only what a
 * broken installation throws (a module that cannot be imported).
 */
export async function startTelemetry(serviceVersion: string): Promise<Telemetry | undefined> {
  // The spec's boolean: "true" in any case is true, anything else false (@opentelemetry/core's
  // getBooleanFromEnv); read by hand so that a disabled SDK costs no import.
  if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const traces = exported('TRACES');
  const metrics = exported('METRICS');
  if (!traces && !metrics) return undefined;
  const [api, { diagLogLevelFromString }, resources] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
  ]);
  const logLevel = diagLogLevelFromString(process.env.OTEL_LOG_LEVEL);
  if (logLevel !== undefined) api.diag.setLogger(stderrLogger, { logLevel });
  // Later resources win a merge: the SDK's defaults, then ours, then what the environment says.
  const resource = resources
    .defaultResource()
    .merge(
      resources.resourceFromAttributes({ 'service.name': 'abstractcore', 'service.version': serviceVersion }),
    )
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const stops = await Promise.all([
    ...(traces ? [startTraces(resource)] : []),
    ...(metrics ? [startMetrics(resource)] : []),
  ]);
  return {
    shutdown: () => {
      let timer: NodeJS.Timeout | undefined;
      const finished = Promise.allSettled(stops.map((stop) => stop())).then(() => true);
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), shutdownTimeoutMs);
      });
      return Promise.race([finished, timedOut]).finally(() => clearTimeout(timer));
    },
  };
}
