import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One OTLP/HTTP export as the receiver got it. */
export interface OtlpExport {
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (the CLI's exporters send OTLP/JSON). */
  body: unknown;
}

/** A span of an export, its attribute lists turned into plain objects. */
export interface ReceivedSpan {
  name: string;
  /** OTLP's numbering: 1 INTERNAL, 2 SERVER, 3 CLIENT. */
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
  /** The attributes of the resource that exported it (`service.name`, …). */
  resource: Record<string, unknown>;
}

/** A metric of an export, with its resource and the number of measurements in its data points. */
export interface ReceivedMetric {
  name: string;
  resource: Record<string, unknown>;
  count: number;
}

/** A loopback collector: accepts OTLP/HTTP JSON on /v1/traces and /v1/metrics and keeps what it got. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT`, for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  url: string;
  exports: OtlpExport[];
  spans(): ReceivedSpan[];
  metrics(): ReceivedMetric[];
  reset(): void;
  close(): Promise<void>;
}

interface KeyValue {
  key: string;
  value: AnyValue;
}

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
}

// OTLP/JSON's AnyValue, as a plain value; int64 may come as a string (protobuf's JSON mapping).
function plain(value: AnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plain);
  return undefined;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, plain(value)]));
}

interface SpansBody {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{
      spans?: Array<{
        name: string;
        kind: number;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        attributes?: KeyValue[];
        events?: Array<{ name: string; attributes?: KeyValue[] }>;
      }>;
    }>;
  }>;
}

interface MetricsBody {
  resourceMetrics?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeMetrics?: Array<{
      metrics?: Array<{
        name: string;
        histogram?: { dataPoints?: Array<{ count?: number | string }> };
        sum?: { dataPoints?: unknown[] };
        gauge?: { dataPoints?: unknown[] };
      }>;
    }>;
  }>;
}

/** Starts the receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: OtlpExport[] = [];
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text: a test that expects JSON then fails on what it actually got.
      }
      exports.push({ path: request.url ?? '', headers: request.headers, body });
      // An empty Export*ServiceResponse: everything accepted.
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const bodiesAt = (path: string) =>
    exports.filter((entry) => entry.path === path).map((entry) => entry.body);
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    spans: () =>
      bodiesAt('/v1/traces').flatMap((body) =>
        ((body as SpansBody).resourceSpans ?? []).flatMap((resourceSpans) => {
          const resource = attributesOf(resourceSpans.resource?.attributes);
          return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
            (scope.spans ?? []).map(
              (span): ReceivedSpan => ({
                name: span.name,
                kind: span.kind,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId === '' ? undefined : span.parentSpanId,
                attributes: attributesOf(span.attributes),
                events: (span.events ?? []).map((event) => ({
                  name: event.name,
                  attributes: attributesOf(event.attributes),
                })),
                resource,
              }),
            ),
          );
        }),
      ),
    metrics: () =>
      bodiesAt('/v1/metrics').flatMap((body) =>
        ((body as MetricsBody).resourceMetrics ?? []).flatMap((resourceMetrics) => {
          const resource = attributesOf(resourceMetrics.resource?.attributes);
          return (resourceMetrics.scopeMetrics ?? []).flatMap((scope) =>
            (scope.metrics ?? []).map(
              (metric): ReceivedMetric => ({
                name: metric.name,
                resource,
                count:
                  metric.histogram?.dataPoints?.reduce(
                    (total, point) => total + Number(point.count ?? 0),
                    0,
                  ) ??
                  (metric.sum ?? metric.gauge)?.dataPoints?.length ??
                  0,
              }),
            ),
          );
        }),
      ),
    reset: () => {
      exports.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
