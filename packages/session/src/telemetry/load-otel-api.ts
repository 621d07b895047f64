import type * as OtelApi from '@opentelemetry/api';

/** `@opentelemetry/api`, as loaded once an SDK has registered. */
export type Otel = typeof OtelApi;

// Where @opentelemetry/api 1.x keeps what an SDK registers (`registerGlobal` in its global-utils): reading it
// costs a property lookup, so a process without an SDK pays nothing more and never loads the API.
const registryKey = Symbol.for('opentelemetry.js.api.1');

interface OtelRegistry {
  trace?: unknown;
  metrics?: unknown;
  propagation?: unknown;
}

function registry(): OtelRegistry | undefined {
  return (globalThis as Record<symbol, OtelRegistry | undefined>)[registryKey];
}

/** Whether a meter provider is registered: without one, metrics are not even computed. */
export function hasMeterProvider(): boolean {
  return registry()?.metrics !== undefined;
}

/** Whether a propagator is registered: without one, there is no header to compute for the provider. */
export function hasPropagator(): boolean {
  return registry()?.propagation !== undefined;
}

let loaded: Otel | undefined;
let loading: Promise<Otel | undefined> | undefined;

/**
 * The OpenTelemetry API when a tracer or meter provider is registered, else undefined; a promise only the
 * first time, while the API is imported. `@opentelemetry/api` is an optional peer: when it cannot be
 * resolved from here (an SDK registered through a copy this package cannot see), tracing stays off.
 * Exported as `@core/session/otel` for packages that trace beside the calls (`@core/server`'s SERVER
 * spans): one rule for "is tracing on" across the repo. A subpath, so that only code that asks for it
 * sees the OpenTelemetry types.
 */
export function otelApi(): Otel | undefined | Promise<Otel | undefined> {
  const registered = registry();
  if (registered === undefined || (registered.trace === undefined && registered.metrics === undefined)) {
    return undefined;
  }
  if (loaded !== undefined) return loaded;
  loading ??= import('@opentelemetry/api').then(
    (api) => {
      loaded = api;
      return api;
    },
    () => undefined,
  );
  return loading;
}
