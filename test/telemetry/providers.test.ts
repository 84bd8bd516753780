// The telemetry keeps its tracer and instruments per registered provider and builds the attributes
// a route shares once: a provider registered again (after `disable()`) gets the next request's
// spans and metrics, not the old one's; a sampler that drops every span leaves the metrics whole.
import { SpanKind, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { jobBody, json, startFaultServer, type FaultServer } from '../helpers/fault-server.ts';
import { registerOtel, total, type Otel } from '../helpers/otel.ts';

let server: FaultServer;
let otel: Otel | undefined;
beforeAll(async () => {
  server = await startFaultServer();
  server.handle = (req, res) =>
    req.url?.endsWith('/ftjob-404')
      ? json(res, 404, { error: { message: 'no such job' } })
      : json(res, 200, jobBody('ftjob-1'));
});
afterEach(async () => {
  await otel?.disable();
  otel = undefined;
});
afterAll(() => server.close());

const client = () => new FineTuning({ apiKey: 'sk-providers-0123456789', baseUrl: server.baseUrl });

describe('providers registered in turn', () => {
  it('each registration gets its own spans and metrics', async () => {
    const ft = client();
    const first = (otel = registerOtel());
    await ft.jobs.retrieve('ftjob-1');
    expect(first.spans().map((s) => s.name)).toEqual([
      'GET /fine_tuning/jobs/{fine_tuning_job_id}',
    ]);
    // Shutting it down empties its exporter: what it holds from now on came after.
    await first.disable();

    const second = (otel = registerOtel());
    await ft.jobs.retrieve('ftjob-1');
    await expect(ft.jobs.retrieve('ftjob-404')).rejects.toThrow(/no such job/);
    const spans = second.spans();
    expect(spans.map((s) => s.attributes['http.response.status_code'])).toEqual([200, 404]);
    expect(first.spans()).toEqual([]);
    expect(spans[1]!.attributes['error.type']).toBe('404');
    const duration = (await second.metrics()).get('http.client.request.duration');
    expect(total(duration)).toBe(2);
    // The metric attributes per status, built once per route and status, stay apart.
    const points = duration!.dataPoints.map((p) => p.attributes);
    expect(points).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ 'http.response.status_code': 200 }),
        expect.objectContaining({ 'http.response.status_code': 404, 'error.type': '404' }),
      ]),
    );
    expect(points.find((p) => p['http.response.status_code'] === 200)).not.toHaveProperty(
      'error.type',
    );
  });

  it('a sampler that drops every span: no span, the duration still measured', async () => {
    const registered = (otel = registerOtel());
    // Over the helper's provider: the same meter, a tracer whose spans are never recorded.
    trace.disable();
    const dropping = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });
    trace.setGlobalTracerProvider(dropping);
    const ft = client();
    await ft.jobs.retrieve('ftjob-1');
    await expect(ft.jobs.retrieve('ftjob-404')).rejects.toThrow(/no such job/);
    expect(registered.spans().filter((s) => s.kind === SpanKind.CLIENT)).toEqual([]);
    expect(total((await registered.metrics()).get('http.client.request.duration'))).toBe(2);
    // The request still carried the trace context (a sampled-out parent is propagated too).
    expect(server.requests.at(-1)?.headers.traceparent).toMatch(
      /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/,
    );
    await dropping.shutdown();
  });
});
