// Whether OpenTelemetry is in use, found without loading it. `@opentelemetry/api` keeps what the
// application registered (its tracer and meter providers) on one global; with nothing registered
// the SDK reads that one property per request and loads nothing. Once a provider is registered,
// the first request loads ./otel.ts (and through it `@opentelemetry/api`, an optional peer
// dependency); when that package cannot be loaded, telemetry stays off.
import type { Telemetry } from './types.ts';

export type { Telemetry };

/** The key `@opentelemetry/api` 1.x registers its globals under. */
const GLOBAL = Symbol.for('opentelemetry.js.api.1');

/** Whether the application registered a tracer or meter provider with `@opentelemetry/api`. */
export function registered(): boolean {
  const g = (globalThis as Record<symbol, { trace?: unknown; metrics?: unknown } | undefined>)[
    GLOBAL
  ];
  return g !== undefined && (g.trace !== undefined || g.metrics !== undefined);
}

let loaded: Telemetry | null | undefined;
let loading: Promise<Telemetry | undefined> | undefined;

/**
 * The telemetry to report through: undefined when no provider is registered (or `@opentelemetry/api`
 * cannot be loaded), a promise of it while it loads (once per process).
 */
export function telemetry(): Telemetry | Promise<Telemetry | undefined> | undefined {
  if (!registered()) return undefined;
  if (loaded !== undefined) return loaded ?? undefined;
  loading ??= import('./otel.ts').then(
    (m) => (loaded = m.createTelemetry()),
    () => {
      loaded = null;
      return undefined;
    },
  );
  return loading;
}
