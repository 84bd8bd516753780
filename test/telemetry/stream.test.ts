// An answer handed over open (the legacy event stream) is one attempt, and one CLIENT span: its
// status, or its error.type when the server refuses it.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LegacyFineTunes, type FineTuneEvent } from '../../src/legacy/index.ts';
import { openStream, startSseServer, type SseServer } from '../legacy/sse-server.ts';
import { registerOtel, type Otel } from '../helpers/otel.ts';

let otel: Otel;
let server: SseServer | undefined;
beforeAll(() => {
  otel = registerOtel();
});
afterEach(async () => {
  otel.exporter.reset();
  await server?.close();
  server = undefined;
});
afterAll(() => otel.disable());

const event = (message: string): FineTuneEvent => ({
  object: 'fine-tune-event',
  created_at: 1700000000,
  level: 'info',
  message,
});
const client = (s: SseServer) =>
  new LegacyFineTunes({
    apiKey: 'sk-sse-telemetry-key',
    baseUrl: s.baseUrl,
    deprecationWarning: false,
  });
const clientSpans = () => otel.spans().filter((s) => s.kind === SpanKind.CLIENT);

describe('the event stream', () => {
  it('one span for the stream, with its status and route, and a traceparent sent', async () => {
    let traceparent: string | undefined;
    server = await startSseServer(async ({ req, res }) => {
      traceparent = req.headers.traceparent as string | undefined;
      openStream(res);
      res.end(`data: ${JSON.stringify(event('Job succeeded.'))}\n\ndata: [DONE]\n\n`);
    });
    const messages: string[] = [];
    for await (const e of client(server).listEvents('ft-1', { stream: true }))
      messages.push(e.message);
    expect(messages).toEqual(['Job succeeded.']);
    const spans = clientSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.name).toBe('GET /fine-tunes/{fine_tune_id}/events');
    expect(spans[0]!.attributes).toMatchObject({ 'http.response.status_code': 200 });
    expect(traceparent).toBe(
      `00-${spans[0]!.spanContext().traceId}-${spans[0]!.spanContext().spanId}-01`,
    );
  });

  it('a refused stream: error.type is the status', async () => {
    server = await startSseServer(async ({ res }) => {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"message":"no such fine-tune"}}');
    });
    const stream = client(server).listEvents('ft-404', { stream: true });
    await expect(
      (async () => {
        for await (const _ of stream) {
        }
      })(),
    ).rejects.toThrow();
    const [span] = clientSpans();
    expect(span!.attributes['error.type']).toBe('404');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });
});
