// The spans leave the process as an application would send them: the official OTLP/HTTP exporter
// posts them to a receiver on 127.0.0.1, which reads them back (OTLP JSON).
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FineTuning } from '../../src/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { TRAINING_JSONL } from '../helpers/local-server.ts';
import { registerOtel, type Otel } from '../helpers/otel.ts';

const API_KEY = 'sk-proj-hardening0123456789';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: OtlpValue }>;
}
interface OtlpScopeSpans {
  scope: { name: string };
  spans: OtlpSpan[];
}

let receiver: Server;
let endpoint: string;
const received: Array<{ path: string; contentType: string; body: unknown }> = [];
let otel: Otel;
let exporter: OTLPTraceExporter;
let local: LocalServer;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: String(req.headers['content-type']),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`;
  exporter = new OTLPTraceExporter({ url: endpoint });
  otel = registerOtel([new BatchSpanProcessor(exporter)]);
  local = await startLocalServer({ clock: 'manual', apiKey: API_KEY, tracing: true });
});
afterAll(async () => {
  await local.close();
  await otel.disable();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('OTLP over HTTP to a receiver on 127.0.0.1', () => {
  it('the client and server spans of a call arrive as one trace, attributes intact, no key', async () => {
    const ft = new FineTuning({ baseUrl: local.baseUrl, apiKey: API_KEY });
    const file = await ft.files.create({
      file: TRAINING_JSONL,
      filename: 'train.jsonl',
      purpose: 'fine-tune',
    });
    const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    await otel.tracerProvider.forceFlush();

    expect(received.length).toBeGreaterThan(0);
    expect(received.every((r) => r.path === '/v1/traces')).toBe(true);
    expect(received[0]!.contentType).toBe('application/json');
    const scopes = received.flatMap(
      (r) => (r.body as { resourceSpans: Array<{ scopeSpans: OtlpScopeSpans[] }> }).resourceSpans,
    );
    const spans = scopes.flatMap((r) =>
      r.scopeSpans.flatMap((s) => s.spans.map((span) => ({ scope: s.scope.name, ...span }))),
    );
    const attr = (span: OtlpSpan, key: string) => {
      const v = span.attributes.find((a) => a.key === key)?.value;
      return v?.stringValue ?? (v?.intValue === undefined ? undefined : Number(v.intValue));
    };
    const create = spans.find((s) => s.name === 'POST /fine_tuning/jobs' && s.kind === 3)!;
    expect(create.scope).toBe('openai-fine-tuning');
    expect(attr(create, 'http.request.method')).toBe('POST');
    expect(attr(create, 'http.response.status_code')).toBe(200);
    expect(attr(create, 'gen_ai.request.model')).toBe('gpt-4o-mini');
    expect(attr(create, 'url.full')).toBe(`${local.baseUrl}/fine_tuning/jobs`);
    // The local server's SERVER span (kind 2 in OTLP) is the child of the client's.
    const answered = spans.find(
      (s) => s.kind === 2 && s.parentSpanId === create.spanId && s.traceId === create.traceId,
    )!;
    expect(answered.scope).toBe('openai-fine-tuning/testing');
    expect(answered.name).toBe('POST /v1/fine_tuning/jobs');
    expect(spans.filter((s) => s.kind === 3).map((s) => s.name)).toEqual([
      'POST /files',
      'POST /fine_tuning/jobs',
    ]);
    expect(job.id).toMatch(/^ftjob-/);
    expect(JSON.stringify(received)).not.toContain(API_KEY);
  });
});
