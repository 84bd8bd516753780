// What OpenTelemetry costs per request: sequential retrieves against the bench API server, in the
// same interleaved rounds, by raw fetch, by the SDK with no OpenTelemetry in the process, with
// `@opentelemetry/api` loaded but nothing registered, and with a tracer and a meter provider
// registered (spans batched to an exporter that drops them, metrics kept by a reader), as a
// service running its SDK would have them.
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { FineTuning } from '../../dist/index.js';
import { interleave, startApiServer, type BenchCase } from '../lib.ts';

const ROUNDS = 10;
const REQUESTS = 2_000;
const GLOBAL = Symbol.for('opentelemetry.js.api.1');

class DroppingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
}

class Reader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const run: BenchCase = async () => {
  const { baseUrl, stop } = await startApiServer();
  const exporter = new DroppingExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const meterProvider = new MeterProvider({ readers: [new Reader()] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const globals = globalThis as Record<symbol, unknown>;
  // The three states of the process, set before each batch.
  const absent = () => {
    trace.disable();
    metrics.disable();
    context.disable();
    propagation.disable();
    delete globals[GLOBAL];
  };
  const apiOnly = () => {
    absent();
    context.setGlobalContextManager(contextManager);
  };
  const registered = () => {
    apiOnly();
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(tracerProvider);
    metrics.setGlobalMeterProvider(meterProvider);
  };
  try {
    const key = 'sk-bench-key';
    const ft = new FineTuning({ apiKey: key, baseUrl, logLevel: 'off' });
    const raw = async () => {
      const response = await fetch(`${baseUrl}/fine_tuning/jobs/ftjob-bench`, {
        headers: { authorization: `Bearer ${key}` },
      });
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    };
    const sdk = () => ft.jobs.retrieve('ftjob-bench');
    const batch = (setup: () => void, one: () => Promise<unknown>) => async () => {
      setup();
      for (let i = 0; i < REQUESTS / ROUNDS; i++) await one();
    };
    const times = await interleave(ROUNDS, {
      raw: batch(absent, raw),
      off: batch(absent, sdk),
      apiOnly: batch(apiOnly, sdk),
      on: batch(registered, sdk),
    });
    await tracerProvider.forceFlush();
    absent();
    if (exporter.exported < REQUESTS) throw new Error(`only ${exporter.exported} spans exported`);
    const n = `retrieve x${REQUESTS.toLocaleString('en')} sequential`;
    return [
      {
        name: `telemetry off: ${n}`,
        unit: `ms/${REQUESTS / ROUNDS}`,
        baseline: times.raw!,
        sdk: times.off!,
        ratio: times.off! / times.raw!,
        note: 'no OpenTelemetry in the process; baseline: raw fetch + json(); compare with the transport row of the same run (target: within 5%)',
      },
      {
        name: `telemetry on: ${n}`,
        unit: `ms/${REQUESTS / ROUNDS}`,
        baseline: times.off!,
        sdk: times.on!,
        ratio: times.on! / times.off!,
        others: {
          'api loaded, no provider': times.apiOnly!,
          'raw fetch': times.raw!,
        },
        note: 'tracer + meter providers registered (batched spans, dropped), W3C propagator; baseline: the SDK with no OpenTelemetry; target <= 1.15x',
      },
    ];
  } finally {
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
    stop();
  }
};

export default run;
