// Traces and metrics through @opentelemetry/api, read with the SDK's in-memory exporter and an
// on-demand metric reader: a CLIENT span per attempt for every resource (the local server's SERVER
// span as its child, in the same trace), retries, errors, aborts, the helpers' span trees, and no
// secret in any attribute, event, status or log line.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FineTuning, type Logger } from '../../src/index.ts';
import { validateTrainingFile } from '../../src/node/index.ts';
import { startLocalServer, type LocalServer } from '../../src/testing/index.ts';
import { sign } from '../../src/webhooks/verify.ts';
import { jobBody, json, startFaultServer, type FaultServer } from '../helpers/fault-server.ts';
import { linkedClock, TRAINING_JSONL } from '../helpers/local-server.ts';
import { registerOtel, spanText, total, type Otel } from '../helpers/otel.ts';

// The secrets of test/facade/hardening.test.ts, and a webhook secret.
const API_KEY = 'sk-proj-hardening0123456789';
const ADMIN_KEY = 'sk-admin-hardening9876543210';
const PLAIN_KEY = 'plainsecret-ABCDEF-123456';
const WEBHOOK_SECRET = `whsec_${Buffer.from('telemetry-webhook-secret-32bytes!').toString('base64')}`;
const SECRETS = [API_KEY, ADMIN_KEY, PLAIN_KEY, WEBHOOK_SECRET, 'hardening0123456789'];

let otel: Otel;
let server: LocalServer;
let faults: FaultServer;
const lines: string[] = [];
const logger: Logger = {
  error: (l) => void lines.push(l),
  warn: (l) => void lines.push(l),
  info: (l) => void lines.push(l),
  debug: (l) => void lines.push(l),
};

beforeAll(async () => {
  otel = registerOtel();
  server = await startLocalServer({
    clock: 'manual',
    apiKey: API_KEY,
    adminApiKey: ADMIN_KEY,
    tracing: true,
    // The real API sends no x-ratelimit-* on these routes; asked for here, to see them recorded.
    faults: { rateLimitHeaders: true },
  });
  faults = await startFaultServer();
});
afterEach(() => {
  otel.exporter.reset();
  faults.requests.length = 0;
});
afterAll(async () => {
  // No attribute, event, status or log line of any test holds a key.
  await server.close();
  await faults.close();
  await otel.disable();
});

const client = (options: Partial<ConstructorParameters<typeof FineTuning>[0]> = {}) =>
  new FineTuning({
    baseUrl: server.baseUrl,
    apiKey: API_KEY,
    adminApiKey: ADMIN_KEY,
    logger,
    logLevel: 'debug',
    ...options,
  });

const clientSpans = () => otel.spans().filter((s) => s.kind === SpanKind.CLIENT);
const serverSpans = () => otel.spans().filter((s) => s.kind === SpanKind.SERVER);
const named = (name: string) => otel.spans().filter((s) => s.name === name);
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

/** A job on the local server, made before the spans a test reads. */
async function newJob(ft: FineTuning) {
  const file = await ft.files.create({
    file: TRAINING_JSONL,
    filename: 'train.jsonl',
    purpose: 'fine-tune',
  });
  const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
  otel.exporter.reset();
  return job;
}

function expectNoSecret(): void {
  const texts = [...otel.spans().map(spanText), ...lines];
  for (const secret of SECRETS) for (const text of texts) expect(text).not.toContain(secret);
}

describe('a CLIENT span per request, for every resource', () => {
  it('names each span `{method} {route}` with the HTTP client attributes, the ids and the request id, and the server span is its child', async () => {
    const ft = client();
    const file = await ft.files.create({
      file: TRAINING_JSONL,
      filename: 'train.jsonl',
      purpose: 'fine-tune',
    });
    await ft.files.list();
    await ft.files.retrieve(file.id);
    await ft.files.content(file.id);
    const job = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    await ft.jobs.list({ limit: 5 });
    await ft.jobs.retrieve(job.id);
    await ft.jobs.listEvents(job.id, { limit: 5 });
    const other = await ft.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    await ft.jobs.cancel(other.id);
    server.settle();
    await ft.jobs.listCheckpoints(job.id);
    const model = (await ft.jobs.retrieve(job.id)).fine_tuned_model!;
    const permissions = await ft.checkpoints.permissions.create(model, { project_ids: ['proj_a'] });
    await ft.checkpoints.permissions.list(model);
    await ft.checkpoints.permissions.delete(model, permissions.data[0]!.id);
    await ft.models.list();
    await ft.models.retrieve(model);
    const grader = {
      type: 'string_check',
      name: 'exact',
      input: '{{sample.output_text}}',
      reference: '{{item.answer}}',
      operation: 'eq',
    } as const;
    await ft.graders.validate({ grader });
    await ft.graders.run({ grader, model_sample: 'Paris', item: { answer: 'Paris' } });
    const blob = new Blob([TRAINING_JSONL]);
    const upload = await ft.uploads.create({
      filename: 'big.jsonl',
      purpose: 'fine-tune',
      bytes: blob.size,
      mime_type: 'text/jsonl',
    });
    const part = await ft.uploads.addPart(upload.id, blob);
    await ft.uploads.complete(upload.id, { part_ids: [part.id] });
    await ft.models.delete(model);
    await ft.files.delete(file.id);

    const spans = clientSpans();
    expect(spans.map((s) => s.name)).toEqual([
      'POST /files',
      'GET /files',
      'GET /files/{file_id}',
      'GET /files/{file_id}/content',
      'POST /fine_tuning/jobs',
      'GET /fine_tuning/jobs',
      'GET /fine_tuning/jobs/{fine_tuning_job_id}',
      'GET /fine_tuning/jobs/{fine_tuning_job_id}/events',
      'POST /fine_tuning/jobs',
      'POST /fine_tuning/jobs/{fine_tuning_job_id}/cancel',
      'GET /fine_tuning/jobs/{fine_tuning_job_id}/checkpoints',
      'GET /fine_tuning/jobs/{fine_tuning_job_id}',
      'POST /fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions',
      'GET /fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions',
      'DELETE /fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}',
      'GET /models',
      'GET /models/{model}',
      'POST /fine_tuning/alpha/graders/validate',
      'POST /fine_tuning/alpha/graders/run',
      'POST /uploads',
      'POST /uploads/{upload_id}/parts',
      'POST /uploads/{upload_id}/complete',
      'DELETE /models/{model}',
      'DELETE /files/{file_id}',
    ]);
    const port = Number(new URL(server.baseUrl).port);
    for (const span of spans) {
      const [method, route] = span.name.split(' ');
      expect(span.instrumentationScope.name).toBe('openai-fine-tuning');
      expect(span.attributes).toMatchObject({
        'http.request.method': method,
        'url.template': route,
        'server.address': '127.0.0.1',
        'server.port': port,
        'http.response.status_code': 200,
        'gen_ai.provider.name': 'openai',
      });
      expect(span.attributes['url.full']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\//);
      expect(span.attributes['openai.request.id']).toMatch(/^req_/);
      expect(span.attributes['http.request.resend_count']).toBeUndefined();
      expect(span.attributes['error.type']).toBeUndefined();
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      // The local server's span: the child of the attempt, in its trace, named after the route.
      const answered = serverSpans().filter((s) => parentOf(s) === span.spanContext().spanId);
      expect(answered, span.name).toHaveLength(1);
      expect(answered[0]!.spanContext().traceId).toBe(span.spanContext().traceId);
      expect(answered[0]!.name).toBe(`${method} /v1${route}`);
      expect(answered[0]!.attributes['http.response.status_code']).toBe(200);
    }
    expect(spans[4]!.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    // A create names what it made.
    expect(spans[0]!.attributes['openai.file.id']).toBe(file.id);
    expect(spans[4]!.attributes['openai.fine_tuning.job.id']).toBe(job.id);
    expect(spans[19]!.attributes['openai.upload.id']).toBe(upload.id);
    expect(spans[6]!.attributes['openai.fine_tuning.job.id']).toBe(job.id);
    expect(spans[2]!.attributes['openai.file.id']).toBe(file.id);
    expect(spans[20]!.attributes['openai.upload.id']).toBe(upload.id);
    expect(spans[12]!.attributes['openai.fine_tuning.checkpoint']).toBe(model);
    expect(spans[16]!.attributes['gen_ai.request.model']).toBe(model);
    expect(spans[5]!.attributes['url.full']).toBe(`${server.baseUrl}/fine_tuning/jobs?limit=5`);

    // One duration per attempt, with the semantic-convention attributes.
    const measured = await otel.metrics();
    const duration = measured.get('http.client.request.duration')!;
    expect(duration.descriptor.unit).toBe('s');
    expect(total(duration)).toBeGreaterThanOrEqual(spans.length);
    const point = duration.dataPoints.find(
      (p) => p.attributes['url.template'] === '/fine_tuning/jobs/{fine_tuning_job_id}/cancel',
    )!;
    expect(point.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': port,
      'url.template': '/fine_tuning/jobs/{fine_tuning_job_id}/cancel',
      'http.response.status_code': 200,
    });
    // The local server, asked to, sends x-ratelimit-* on every answer.
    expect(total(measured.get('openai.ratelimit.limit'))).toBeGreaterThan(0);
    expect(spans[0]!.attributes['openai.ratelimit.remaining_requests']).toBeTypeOf('number');
    expectNoSecret();
  });

  it('the application’s active span is the parent of every attempt', async () => {
    const ft = client();
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('handle request', async (root) => {
      await ft.files.list();
      await ft.jobs.list();
      root.end();
    });
    const root = named('handle request')[0]!;
    const spans = clientSpans();
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(parentOf(span)).toBe(root.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(root.spanContext().traceId);
    }
  });
});

describe('retries, errors and aborts', () => {
  const faulty = (options: Partial<ConstructorParameters<typeof FineTuning>[0]> = {}) =>
    new FineTuning({
      baseUrl: faults.baseUrl,
      apiKey: API_KEY,
      headers: { 'x-api-key': PLAIN_KEY },
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
      logger,
      logLevel: 'debug',
      ...options,
    });

  it('a retried request: one span per attempt, resend_count on the second, the 503 an error, retries counted', async () => {
    const before = await otel.metrics();
    faults.handle = (_req, res, n) =>
      n === 1
        ? json(res, 503, { error: { message: `no ${API_KEY}` } }, { 'x-request-id': 'req_1' })
        : json(res, 200, jobBody('ftjob-1'), { 'x-request-id': 'req_2' });
    await faulty().jobs.cancel('ftjob-1');
    const [first, second] = clientSpans();
    expect(clientSpans()).toHaveLength(2);
    expect(first!.attributes).toMatchObject({
      'http.response.status_code': 503,
      'error.type': '503',
      'openai.request.id': 'req_1',
    });
    expect(first!.status.code).toBe(SpanStatusCode.ERROR);
    expect(first!.attributes['http.request.resend_count']).toBeUndefined();
    expect(second!.attributes).toMatchObject({
      'http.response.status_code': 200,
      'http.request.resend_count': 1,
      'openai.request.id': 'req_2',
    });
    // Both carried a traceparent naming their own span.
    expect(faults.requests.map((r) => r.headers.traceparent)).toEqual([
      `00-${first!.spanContext().traceId}-${first!.spanContext().spanId}-01`,
      `00-${second!.spanContext().traceId}-${second!.spanContext().spanId}-01`,
    ]);
    const after = await otel.metrics();
    expect(
      total(after.get('openai.fine_tuning.retries')) -
        total(before.get('openai.fine_tuning.retries')),
    ).toBe(1);
    expectNoSecret();
  });

  it('a 404: error.type is the status, the span is an error, nothing retried', async () => {
    faults.handle = (_req, res) =>
      json(res, 404, { error: { message: 'No such job', type: 'invalid_request_error' } });
    await expect(faulty().jobs.retrieve('ftjob-404')).rejects.toThrow(/No such job/);
    const spans = clientSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes).toMatchObject({
      'error.type': '404',
      'http.response.status_code': 404,
      'openai.fine_tuning.job.id': 'ftjob-404',
    });
    expect(spans[0]!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a connection refused: error.type ConnectionError on every attempt, no status code', async () => {
    const closed = await startFaultServer();
    const { baseUrl } = closed;
    await closed.close();
    await expect(faulty({ baseUrl, maxRetries: 1 }).files.list()).rejects.toThrow();
    const spans = clientSpans();
    expect(spans).toHaveLength(2);
    for (const span of spans) {
      expect(span.attributes['error.type']).toBe('ConnectionError');
      expect(span.attributes['http.response.status_code']).toBeUndefined();
      expect(span.events.map((e) => e.name)).toEqual(['exception']);
    }
    expect(spans[1]!.attributes['http.request.resend_count']).toBe(1);
  });

  it('a timeout and an abort name themselves in error.type', async () => {
    faults.handle = () => undefined; // never answers
    await expect(faulty({ timeout: 50, maxRetries: 0 }).files.list()).rejects.toThrow(/timed out/i);
    expect(clientSpans()[0]!.attributes['error.type']).toBe('TimeoutError');
    otel.exporter.reset();

    const controller = new AbortController();
    const call = faulty().files.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 20);
    await expect(call).rejects.toThrow();
    const spans = clientSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes['error.type']).toBe('AbortError');
    expect(spans[0]!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a wrong key: the 401 span and its exception hold no key', async () => {
    const ft = client({ apiKey: PLAIN_KEY, headers: { 'x-api-key': ADMIN_KEY } });
    await expect(ft.files.list()).rejects.toThrow();
    const [span] = clientSpans();
    expect(span!.attributes['error.type']).toBe('401');
    expectNoSecret();
  });
});

describe('the helpers are spans, their requests its children', () => {
  it('jobs.wait: wait > follow > the polls, a status event per change', async () => {
    const ft = client();
    const job = await newJob(ft);
    const done = await ft.jobs.wait(job.id, { clock: linkedClock(server) });
    expect(done.status).toBe('succeeded');

    const [wait] = named('jobs.wait');
    const [follow] = named('jobs.follow');
    expect(wait!.attributes).toMatchObject({
      'openai.fine_tuning.job.id': job.id,
      'openai.fine_tuning.job.status': 'succeeded',
    });
    expect(parentOf(follow!)).toBe(wait!.spanContext().spanId);
    const polls = clientSpans();
    expect(polls.length).toBeGreaterThan(2);
    for (const poll of polls) expect(parentOf(poll)).toBe(follow!.spanContext().spanId);
    const statuses = follow!.events
      .filter((e) => e.name === 'status')
      .map((e) => e.attributes?.['openai.fine_tuning.job.status']);
    expect(statuses[0]).toBe('validating_files');
    expect(statuses.at(-1)).toBe('succeeded');
    expect(new Set(otel.spans().map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  it('jobs.watch: one span, ended when the consumer stops', async () => {
    const ft = client();
    const job = await newJob(ft);
    let seen = 0;
    for await (const update of ft.jobs.watch({ ids: [job.id], clock: linkedClock(server) })) {
      expect(update.jobId).toBe(job.id);
      seen += 1;
      break;
    }
    expect(seen).toBe(1);
    const [watch] = named('jobs.watch');
    expect(watch).toBeDefined();
    expect(watch!.events.filter((e) => e.name === 'status').length).toBe(1);
    for (const poll of clientSpans()) expect(parentOf(poll)).toBe(watch!.spanContext().spanId);
  });

  it('files.upload in parts: upload > create, a span per part > its request, complete; bytes counted', async () => {
    const ft = client();
    const before = total((await otel.metrics()).get('openai.fine_tuning.upload.bytes'));
    const data = new Uint8Array(3 * 1024 * 1024 + 5).fill(97);
    const file = await ft.files.upload(new Blob([data]), {
      purpose: 'batch',
      filename: 'big.jsonl',
      threshold: 1024 * 1024,
      partSize: 1024 * 1024,
      concurrency: 2,
    });
    const [upload] = named('files.upload');
    expect(upload!.attributes).toMatchObject({
      'openai.file.id': file.id,
      'openai.upload.bytes': data.byteLength,
      'openai.upload.part_size': 1024 * 1024,
    });
    const uploadId = upload!.attributes['openai.upload.id'];
    expect(uploadId).toMatch(/^upload_/);
    const parts = named('files.upload part');
    expect(parts.map((p) => p.attributes['openai.upload.part.index']).sort()).toEqual([0, 1, 2, 3]);
    for (const part of parts) {
      expect(parentOf(part)).toBe(upload!.spanContext().spanId);
      const requests = clientSpans().filter((s) => parentOf(s) === part.spanContext().spanId);
      expect(requests.map((r) => r.name)).toEqual(['POST /uploads/{upload_id}/parts']);
      expect(part.attributes['openai.upload.part.id']).toMatch(/^part_/);
    }
    const direct = clientSpans()
      .filter((s) => parentOf(s) === upload!.spanContext().spanId)
      .map((s) => s.name);
    expect(direct).toEqual(['POST /uploads', 'POST /uploads/{upload_id}/complete']);
    expect(upload!.events.filter((e) => e.name === 'part')).toHaveLength(4);
    const after = total((await otel.metrics()).get('openai.fine_tuning.upload.bytes'));
    expect(after - before).toBe(data.byteLength);
  });

  it('validateTrainingFile: one span with the report figures; lines counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otel-validate-'));
    try {
      const path = join(dir, 'train.jsonl');
      writeFileSync(path, `${TRAINING_JSONL}\n{"messages": []}\n`);
      const before = total((await otel.metrics()).get('openai.fine_tuning.validation.lines'));
      const report = await validateTrainingFile(path, { method: 'supervised', workers: 0 });
      const [span] = named('validateTrainingFile');
      expect(span!.attributes).toMatchObject({
        'openai.fine_tuning.method': 'supervised',
        'openai.training_data.valid': false,
        'openai.training_data.lines': report.counts.lines,
        'openai.training_data.invalid_lines': 1,
      });
      expect(named('validateTrainingData')).toEqual([]);
      const after = total((await otel.metrics()).get('openai.fine_tuning.validation.lines'));
      expect(after - before).toBe(report.counts.lines);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('webhook verification: the delivery id, or the failed check, and never the secret or signature', async () => {
    const ft = client({ webhookSecret: WEBHOOK_SECRET });
    const body = JSON.stringify({
      id: 'evt_1',
      type: 'fine_tuning.job.succeeded',
      created_at: Math.floor(Date.now() / 1000),
      data: { id: 'ftjob-1' },
      object: 'event',
    });
    const headers = await sign(body, WEBHOOK_SECRET, 'msg_1');
    await ft.webhooks.unwrap(body, headers);
    await expect(ft.webhooks.unwrap(`${body} `, headers)).rejects.toThrow();
    const spans = named('webhooks.verify');
    expect(spans).toHaveLength(2);
    expect(spans[0]!.attributes['openai.webhook.id']).toBe('msg_1');
    expect(spans[1]!.attributes).toMatchObject({
      'openai.webhook.failed_check': 'no_match',
      'error.type': 'InvalidWebhookSignatureError',
    });
    expect(spans[1]!.status.code).toBe(SpanStatusCode.ERROR);
    const signature = headers['webhook-signature']!.slice(3);
    for (const span of spans) expect(spanText(span)).not.toContain(signature);
    expectNoSecret();
  });
});
