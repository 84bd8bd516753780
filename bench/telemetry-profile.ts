// npx tsx bench/telemetry-profile.ts [requests]: where the CPU of a request goes with OpenTelemetry
// providers registered. Builds nothing: run `npx tsdown` first (it measures dist/, as the bench
// does). Sends sequential retrieves to the bench API server under the V8 CPU profiler and prints
// the CPU time per request spent inside the telemetry (the SDK's dist/otel chunk and the
// @opentelemetry packages, inclusive), next to the whole busy time per request.
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { fork } from 'node:child_process';
import { Session, type Profiler } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { FineTuning } from '../dist/index.js';

class Reader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const requests = Number(process.argv[2] ?? 3000);
const server = fork(fileURLToPath(new URL('./servers/api.mjs', import.meta.url)), [], {
  stdio: 'inherit',
});
const port = await new Promise<number>((resolve) =>
  server.once('message', (m) => resolve((m as { port: number }).port)),
);
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [
    new BatchSpanProcessor({ export: (_s, done) => done({ code: 0 }), shutdown: async () => {} }),
  ],
});
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(tracerProvider);
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new Reader()] }));
const ft = new FineTuning({
  apiKey: 'sk-bench',
  baseUrl: `http://127.0.0.1:${port}/v1`,
  logLevel: 'off',
});
// Warm up: the telemetry is loaded by the first request.
for (let i = 0; i < 200; i++) await ft.jobs.retrieve('ftjob-bench');

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
for (let i = 0; i < requests; i++) await ft.jobs.retrieve('ftjob-bench');
const { profile } = (await session.post('Profiler.stop')) as { profile: Profiler.Profile };
session.disconnect();
server.kill();
await tracerProvider.shutdown();

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
for (const [i, id] of profile.samples!.entries())
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0));
let busy = 0;
let telemetry = 0;
for (const [id, us] of self) {
  if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
  busy += us;
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
    const url = byId.get(x)!.callFrame.url;
    if (url.includes('@opentelemetry') || /dist\/otel-/.test(url)) {
      telemetry += us;
      break;
    }
  }
}
const perRequest = (us: number) => `${(us / 1000 / requests).toFixed(3)} ms`;
console.log(
  `${requests} retrieves: busy CPU ${perRequest(busy)} per request, of which telemetry ${perRequest(telemetry)} (${((telemetry / busy) * 100).toFixed(0)}%)`,
);
