// `--tracing` of the server commands (`openai-fine-tuning-server`, `openai-ft server`): registers a
// tracer provider that exports the server's SERVER spans (./tracing.ts) over OTLP/HTTP, and the W3C
// propagator, so each span continues the trace of the request that carried a `traceparent`. The
// endpoint is the exporter's own: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT,
// by default http://localhost:4318/v1/traces. The packages are the user's to install, not
// dependencies of this package, and are loaded by name so that no bundler folds them in.
import type * as Api from '@opentelemetry/api';
import type * as Core from '@opentelemetry/core';
import type * as Exporter from '@opentelemetry/exporter-trace-otlp-http';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';

/** What `--tracing` loads. */
export const OTLP_PACKAGES = [
  '@opentelemetry/api',
  '@opentelemetry/core',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/exporter-trace-otlp-http',
] as const;

/**
 * Registers the exporting provider; resolves with what flushes and stops it (call it once the
 * server is closed). `load` is how a package is imported (by name).
 */
export async function exportServerSpans(
  load: (name: string) => Promise<unknown> = (name) => import(name),
): Promise<() => Promise<void>> {
  const [api, core, traceBase, exporter] = (await Promise.all(
    OTLP_PACKAGES.map((name) =>
      load(name).catch((error: unknown) => {
        throw new Error(
          `--tracing needs the OpenTelemetry packages ${OTLP_PACKAGES.join(', ')}; ${name} could not be loaded. Install them: npm install ${OTLP_PACKAGES.join(' ')}`,
          { cause: error },
        );
      }),
    ),
  )) as [typeof Api, typeof Core, typeof TraceBase, typeof Exporter];
  const provider = new traceBase.BasicTracerProvider({
    spanProcessors: [new traceBase.BatchSpanProcessor(new exporter.OTLPTraceExporter())],
  });
  api.trace.setGlobalTracerProvider(provider);
  api.propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  return () => provider.shutdown();
}
